#!/usr/bin/env python3
"""Writes a random SYCL program for sporkle's differential test (run_diff.py).

    gen_kernel.py --seed S [-o FILE]

The same seed always gives the same program. Its kernel has random control
flow (divergent and uniform if/else, nested ifs, for/while/do loops with
varying trip counts, break, continue, early return, switch with fall-through,
uniform loops inside divergent code) and random arithmetic on uint32, uint64,
float and double, with loads at consecutive, strided, uniform and gathered
indices, stores at consecutive, strided, reversed and permuted indices, an
atomic counter and, for nd_ranges, local memory shared across barriers in
uniform control flow.

No undefined behaviour: integer arithmetic is unsigned (wrapping), signed
values only appear in comparisons, arithmetic shifts and guarded divisions;
shift counts are masked; divisors are never zero; float -> int conversions are
clamped (diff_harness.hpp); float division is diff::divide (correctly rounded,
never by a zero, whose sign Vulkan drivers may drop); every index is in range; each work-item writes only
its own output elements and local-memory slots (double-buffered between
barriers, so no races); loops are bounded.

Floats: kernels are built with -ffp-contract=off and use only correctly
rounded operations (+ - * fma floor ceil fabs, conversions, and division and
square root through diff::divide and diff::root, which stay correctly rounded
where Vulkan allows 2.5 and 3 ulp), so every build computes bit-identical
values; transcendental calls and fmin/fmax (whose
last bit or sign of zero may differ between libraries) only appear in values
stored to float outputs, never in conditions, conversions or indices.

The kernel body lives in segment functions (the parts between barriers) that
the host also calls, work-item by work-item and group by group, as the
reference (diff_harness.hpp).
"""
import argparse
import random
import sys

U32, U64, F32, F64 = "uint32_t", "uint64_t", "float", "double"
TYPES = [U32, U64, F32, F64]
PREFIX = {U32: "a", U64: "b", F32: "c", F64: "d"}
INPUT = {U32: "A.iu", U64: "A.il", F32: "A.iff", F64: "A.id"}
OUTPUT = {U32: "A.ou", U64: "A.ol", F32: "A.of", F64: "A.od"}
K = 2  # local-memory slots per work-item and buffer


class Var:
    def __init__(self, name, ty, uniform, writable=True):
        self.name, self.ty, self.uniform, self.writable = name, ty, uniform, writable


class Ctx:
    """Where a statement is generated: loop nesting, switch, divergence."""

    def __init__(self, loops=0, in_switch=False, divergent=False, depth=0):
        self.loops, self.in_switch, self.divergent, self.depth = loops, in_switch, divergent, depth

    def nest(self, **kw):
        c = Ctx(self.loops, self.in_switch, self.divergent, self.depth + 1)
        for k, v in kw.items():
            setattr(c, k, v)
        return c


class Gen:
    def __init__(self, seed):
        self.seed = seed
        self.r = random.Random(seed)
        self.names = 0
        self.choose_shape()

    # ---- shape -------------------------------------------------------------
    def choose_shape(self):
        r = self.r
        self.kind = r.choice(["range1", "range2", "nd1", "nd1", "nd2", "nd2"])
        if self.kind == "range1":
            self.G = (r.choice([64, 256, 1000, 997, 1031, 330, 48]), 1)
            self.L = None
        elif self.kind == "range2":
            self.G = r.choice([(4, 64), (7, 33), (16, 13), (3, 100), (5, 48), (9, 7)])
            self.L = None
        elif self.kind == "nd1":
            l = r.choice([16, 32, 64, 7, 13, 24, 1, 48, 96, 20, 3])
            self.L = (l, 1)
            self.G = (l * r.randint(2, max(2, min(24, 800 // l))), 1)
        else:
            l1 = r.choice([16, 7, 13, 24, 1, 32, 8, 5])
            l0 = r.choice([1, 2, 3, 4])
            self.L = (l0, l1)
            self.G = (l0 * r.randint(2, 5), l1 * r.randint(2, 6))
        self.dims = 2 if self.kind.endswith("2") else 1
        self.N = self.G[0] * self.G[1]
        self.M = 3 * self.N + 64
        self.LL = self.L[0] * self.L[1] if self.L else 0
        # Segments between barriers: "none" (one segment), "one" (seg0 | seg3),
        # "loop" (seg0 | rounds x (seg1 | seg2 |) seg3), rounds uniform per group.
        self.plan = "none" if self.L is None else r.choice(["none", "one", "loop", "loop"])
        self.layout = {t: r.choice(["consec", "stride2", "perm", "rev"]) for t in TYPES}

    # ---- names and scopes ---------------------------------------------------
    def fresh(self, prefix):
        self.names += 1
        return "%s%d" % (prefix, self.names)

    def visible(self, ty=None, writable=False, uniform=False):
        out = []
        for scope in self.scopes:
            for v in scope:
                if (ty is None or v.ty == ty) and (not writable or v.writable) and (not uniform or v.uniform):
                    out.append(v)
        return out

    # ---- expressions --------------------------------------------------------
    # Each returns (code, uniform). Float expressions are exact (see the top).
    def lit(self, ty):
        r = self.r
        if ty == U32:
            return r.choice(["%du" % r.randint(0, 9), "%du" % r.randint(10, 1000), "0x%08xu" % r.getrandbits(32),
                             "0x7fffffffu", "0x80000000u", "0xffffffffu"])
        if ty == U64:
            return r.choice(["%dul" % r.randint(0, 9), "%dul" % r.randint(10, 100000),
                             "0x%016xul" % r.getrandbits(64), "0x8000000000000000ul", "0xfffffffful"])
        v = r.choice(["0.5", "1.5", "-2.0", "3.25", "0.1", "-0.75", "1024.0", "1e-3", "7.0", "0.0", "-0.0"])
        return v + "f" if ty == F32 else v

    def index(self, limit, allow_gather=True):
        """A uint32 index in [0, limit) (limit is M or N)."""
        r = self.r
        N = self.N
        kinds = ["consec", "consec", "strided", "uniform", "perm"]
        if self.dims == 2:
            kinds.append("transposed")
        if allow_gather:
            kinds += ["gather", "gather"]
        counters = [v.name for v in self.visible(U32) if not v.writable]  # loop counters, < 10
        if counters and limit >= 2 * N + 10:
            kinds.append("counter")
        k = r.choice(kinds)
        if k == "counter":
            return "id.gl%s + %s" % (r.choice(["", " * 2u"]), r.choice(counters)), False
        if k == "consec":
            c = r.randint(0, 63) if limit > N else 0
            return ("id.gl + %du" % c if c else "id.gl"), False
        if k == "strided":
            if limit < 3 * N:
                return "id.gl", False
            return "id.gl * %du + %du" % (r.choice([2, 3]), r.randint(0, 63)), False
        if k == "transposed":
            return "id.g1 * %du + id.g0" % self.G[0], False
        if k == "perm":
            return "A.perm[id.gl]", False
        if k == "uniform":
            e, _ = self.expr(U32, 1, uniform_only=True)
            return "(%s) %% %du" % (e, limit), True
        e, u = self.expr(U32, 1)
        return "(%s) %% %du" % (e, limit), u

    def local_slot(self, buf):
        """An element of local-memory buffer buf: any work-item's slot (for reads)."""
        r = self.r
        LL = self.LL
        who = r.choice(["id.ll", "(id.ll + %du) %% %du" % (r.randint(1, LL + 3), LL), "%du - id.ll" % (LL - 1), None])
        if who is None:
            e, _ = self.expr(U32, 1)
            who = "(%s) %% %du" % (e, LL)
        return "%du + (%s) * %du + %du" % (buf * LL * K, who, K, r.randrange(K))

    def leaf(self, ty, uniform_only):
        r = self.r
        opts = []
        vs = self.visible(ty, uniform=uniform_only)
        if vs:
            opts += [lambda: (r.choice(vs).name, None)] * 4
        opts.append(lambda: (self.lit(ty), True))
        if ty == U32:
            opts.append(lambda: (r.choice(["A.u0", "A.u1"]), True))
            if self.L is not None:
                opts.append(lambda: (r.choice(["id.w0", "id.w1"] if self.dims == 2 else ["id.w0"]), True))
            if not uniform_only:
                ids = ["id.gl", "id.gl", "id.ll", "id.g0"] + (["id.g1", "id.l1"] if self.dims == 2 else [])
                opts += [lambda: (r.choice(ids), False)] * 2
                if self.read_buf is not None:
                    opts.append(lambda: ("lmu[%s]" % self.local_slot(self.read_buf), False))
        if ty == F32:
            opts.append(lambda: ("A.fu", True))
            if not uniform_only and self.read_buf is not None:
                opts.append(lambda: ("lmf[%s]" % self.local_slot(self.read_buf), False))

        def load():
            i, u = self.index(self.M, allow_gather=not uniform_only) if not uniform_only else ("%du" % r.randrange(self.M), True)
            return "%s[%s]" % (INPUT[ty], i), u

        opts += [load] * 3
        code, u = r.choice(opts)()
        if u is None:
            u = next(v.uniform for v in self.visible(ty) if v.name == code)
        return code, u

    def expr(self, ty, depth, uniform_only=False):
        r = self.r
        if depth <= 0 or r.random() < 0.3:
            return self.leaf(ty, uniform_only)
        sub = lambda t=ty: self.expr(t, depth - 1, uniform_only)
        a, ua = sub()
        b, ub = sub()
        u = ua and ub
        if ty in (U32, U64):
            bits = 32 if ty == U32 else 64
            s = "" if ty == U32 else "64"
            one = "1u" if ty == U32 else "1ul"
            signed = "int32_t" if ty == U32 else "int64_t"
            ops = [
                lambda: ("(%s %s %s)" % (a, r.choice(["+", "-", "*", "^", "&", "|", "+", "*"]), b), u),
                lambda: ("(%s %s (%s & %du))" % (a, r.choice(["<<", ">>"]), b, bits - 1), u),
                lambda: ("(%s %s (%s | %s))" % (a, r.choice(["/", "%"]), b, one), u),
                lambda: ("diff::sdiv%s(%s, %s)" % (s, a, b), u),
                lambda: ("%s(%s(%s) >> (%s & %du))" % (ty, signed, a, b, bits - 1), u),
                lambda: ("sycl::%s(%s, %s)" % (r.choice(["min", "max"]), a, b), u),
                lambda: ("%s(sycl::%s(%s(%s), %s(%s)))" % (ty, r.choice(["min", "max"]), signed, a, signed, b), u),
                lambda: ("(~%s)" % a, ua),
                lambda: ("(-(%s))" % a, ua),
                lambda: self.select(ty, a, ua, b, ub, depth, uniform_only),
            ]
            if ty == U32:
                ops += [
                    lambda: (lambda x: ("uint32_t(%s)" % x[0], x[1]))(sub(U64)),
                    lambda: (lambda x: ("uint32_t(%s >> 32)" % x[0], x[1]))(sub(U64)),
                    lambda: (lambda x: ("diff::f2u(%s)" % x[0], x[1]))(sub(F32)),
                    lambda: (lambda x: ("diff::d2u(%s)" % x[0], x[1]))(sub(F64)),
                    lambda: (lambda c: ("uint32_t(%s)" % c[0], c[1]))(self.cond(depth - 1, uniform_only)),
                ]
            else:
                ops += [
                    lambda: ("uint64_t(%s)" % a, ua),
                    lambda: (lambda x: ("uint64_t(%s)" % x[0], x[1]))(sub(U32)),
                    lambda: (lambda x: ("uint64_t(int64_t(int32_t(%s)))" % x[0], x[1]))(sub(U32)),
                    lambda: (lambda x, y: ("(uint64_t(%s) * %s)" % (x[0], y[0]), x[1] and y[1]))(sub(U32), sub(U32)),
                    lambda: ("sycl::mul_hi(%s, %s)" % (a, b), u),
                    lambda: (lambda x: ("diff::d2l(%s)" % x[0], x[1]))(sub(F64)),
                ]
            return r.choice(ops)()
        ops = [
            lambda: (lambda op: ("diff::divide(%s, %s)" % (a, b) if op == "/" else
                                 "(%s %s %s)" % (a, op, b), u))(r.choice(["+", "-", "*", "+", "*", "/"])),
            lambda: (lambda c: ("sycl::fma(%s, %s, %s)" % (a, b, c[0]), u and c[1]))(sub()),
            lambda: ("diff::root(%s)" % a, ua),
            lambda: ("sycl::%s(%s)" % (r.choice(["floor", "ceil", "fabs", "trunc"]), a), ua),
            lambda: ("(-(%s))" % a, ua),
            lambda: self.select(ty, a, ua, b, ub, depth, uniform_only),
            lambda: (lambda x: ("%s(int32_t(%s))" % (ty, x[0]), x[1]))(sub(U32)),
            lambda: (lambda x: ("%s(%s)" % (ty, x[0]), x[1]))(sub(U32)),
        ]
        if ty == F32:
            ops.append(lambda: (lambda x: ("float(%s)" % x[0], x[1]))(sub(F64)))
        else:
            ops += [
                lambda: (lambda x: ("double(%s)" % x[0], x[1]))(sub(F32)),
                lambda: (lambda x: ("double(int64_t(%s))" % x[0], x[1]))(sub(U64)),
                lambda: (lambda x: ("double(%s)" % x[0], x[1]))(sub(U64)),
            ]
        return r.choice(ops)()

    def select(self, ty, a, ua, b, ub, depth, uniform_only):
        c, uc = self.cond(depth - 1, uniform_only)
        return "(%s ? %s : %s)" % (c, a, b), ua and ub and uc

    def cond(self, depth, uniform_only=False):
        r = self.r
        if depth > 0 and r.random() < 0.25:
            a, ua = self.cond(depth - 1, uniform_only)
            if r.random() < 0.2:
                return "!(%s)" % a, ua
            b, ub = self.cond(depth - 1, uniform_only)
            return "(%s %s %s)" % (a, r.choice(["&&", "||"]), b), ua and ub
        ty = r.choice([U32, U32, U32, U64, F32, F64])
        d = max(0, depth - 1)
        a, ua = self.expr(ty, d, uniform_only)
        if ty in (U32, U64) and r.random() < 0.4:
            one = "1u" if ty == U32 else "1ul"
            if r.random() < 0.5:
                return "(%s & (%s << %d)) != 0" % (a, one, r.randrange(8)), ua
            return "%s %% %d%s == %d%s" % (a, r.randint(2, 5), one[1:], r.randint(0, 1), one[1:]), ua
        b, ub = self.expr(ty, d, uniform_only)
        if b == a:
            b, ub = self.lit(ty), True
        op = r.choice(["<", "<=", ">", ">=", "==", "!="] if ty in (U32, U64) else ["<", "<=", ">", ">=", "<", ">"])
        if ty in (U32, U64) and r.random() < 0.4:
            st = "int32_t" if ty == U32 else "int64_t"
            return "%s(%s) %s %s(%s)" % (st, a, op, st, b), ua and ub
        return "%s %s %s" % (a, op, b), ua and ub

    def float_out(self, ty):
        """A value for a float output: may end in a transcendental or fmin/fmax."""
        r = self.r
        a, _ = self.expr(ty, 2)
        if r.random() < 0.5:
            return a
        b, _ = self.expr(ty, 2)
        f = "f" if ty == F32 else ""
        return r.choice([
            "%s + sycl::sin(%s)" % (a, b),
            "%s * sycl::cos(%s)" % (a, b),
            "sycl::exp(-sycl::fabs(%s))" % a,
            "%s - sycl::log(1.0%s + sycl::fabs(%s))" % (a, f, b),
            "sycl::exp2(sycl::fmin(%s, 20.0%s))" % (a, f),
            "sycl::%s(%s, %s)" % (r.choice(["fmin", "fmax"]), a, b),
            "sycl::tan(%s)" % a,
        ])

    # ---- statements ---------------------------------------------------------
    def out_slot(self, ty, j):
        N = self.N
        lay = self.layout[ty]
        if lay == "consec":
            return "%du + id.gl" % (j * N) if j else "id.gl"
        if lay == "stride2":
            return "id.gl * 2u + %du" % j
        if lay == "perm":
            return "%du + A.perm[id.gl]" % (j * N) if j else "A.perm[id.gl]"
        return "%du - id.gl" % (j * N + N - 1)

    def store(self, ind, ty=None, j=None):
        ty = ty or self.r.choice(TYPES)
        j = self.r.randrange(2) if j is None else j
        v = self.float_out(ty) if ty in (F32, F64) else self.expr(ty, 3)[0]
        return ["%s%s[%s] = %s;" % (ind, OUTPUT[ty], self.out_slot(ty, j), v)]

    def size(self, ctx, most=4):
        """Statements in a nested block: fewer the deeper it is."""
        return self.r.randint(1, max(1, most - ctx.depth))

    def block(self, ctx, n):
        self.scopes.append([])
        lines = []
        for _ in range(n):
            lines += self.stmt(ctx)
        self.scopes.pop()
        return lines

    def stmt(self, ctx):
        r = self.r
        ind = "  " * (ctx.depth + 1)
        deep = ctx.depth >= 4
        w = {
            "decl": 3, "assign": 4, "store": 2, "atomic": 0.5,
            "if": 0 if deep else 2, "ifelse": 0 if deep else 2,
            "for": 0 if deep or ctx.loops >= 2 else 1.5, "while": 0 if deep or ctx.loops >= 2 else 1,
            "switch": 0 if deep else 0.8,
            "break": 1 if ctx.loops and not ctx.in_switch else 0, "continue": 0.7 if ctx.loops else 0,
            "return": 0.25,
            "local": 1 if self.write_buf is not None else 0,
        }
        kind = r.choices(list(w), weights=list(w.values()))[0]
        if kind == "decl":
            ty = r.choice(TYPES)
            e, u = self.expr(ty, 3)
            v = Var(self.fresh(PREFIX[ty]), ty, u and not ctx.divergent)
            self.scopes[-1].append(v)
            return ["%s%s %s = %s;" % (ind, ty, v.name, e)]
        if kind == "assign":
            vs = self.visible(writable=True)
            if not vs:
                return []
            v = r.choice(vs)
            e, u = self.expr(v.ty, 3)
            if not u or ctx.divergent:
                v.uniform = False
            op = r.choice(["=", "+="] + (["^=", "-="] if v.ty in (U32, U64) else ["*=", "-="]))
            return ["%s%s %s %s;" % (ind, v.name, op, e)]
        if kind == "store":
            return self.store(ind)
        if kind == "atomic":
            return ["%sdiff::atomic_add(A.counter, %s);" % (ind, self.expr(U32, 2)[0])]
        if kind == "local":
            slot = "%du + id.ll * %du + %du" % (self.write_buf * self.LL * K, K, r.randrange(K))
            if r.random() < 0.5:
                return ["%slmu[%s] = %s;" % (ind, slot, self.expr(U32, 2)[0])]
            return ["%slmf[%s] = %s;" % (ind, slot, self.expr(F32, 2)[0])]
        if kind in ("if", "ifelse"):
            uni = r.random() < 0.3
            c, u = self.cond(2, uniform_only=uni)
            inner = ctx.nest(divergent=ctx.divergent or not u)
            lines = ["%sif (%s) {" % (ind, c)] + self.block(inner, self.size(ctx))
            if kind == "ifelse":
                lines += ["%s} else {" % ind] + self.block(inner, self.size(ctx))
            return lines + ["%s}" % ind]
        if kind == "for":
            k = self.fresh("k")
            # Trip count: uniform (constant, kernel argument, group) or varying (ids, data).
            if r.random() < 0.45:
                bound, u = r.choice(["%du" % r.randint(0, 6), "A.u0", "(A.u0 + %du)" % r.randint(1, 3)]
                                    + (["(id.w0 % 4u)"] if self.L else [])), True
            else:
                e, u = self.expr(U32, 2)
                bound = "(%s) %% %du" % (e, r.randint(2, 8))
            start = r.choice(["0u", "0u", "1u"])
            inner = ctx.nest(loops=ctx.loops + 1, in_switch=False, divergent=ctx.divergent or not u)
            self.scopes.append([Var(k, U32, u, writable=False)])
            body = self.block(inner, self.size(ctx))
            self.scopes.pop()
            return ["%sfor (uint32_t %s = %s; %s < %s; ++%s) {" % (ind, k, start, k, bound, k)] + body + ["%s}" % ind]
        if kind == "while":
            k = self.fresh("w")
            c, u = self.cond(1)
            limit = r.randint(1, 9)
            inner = ctx.nest(loops=ctx.loops + 1, in_switch=False, divergent=True)
            self.scopes.append([Var(k, U32, False, writable=False)])
            body = self.block(inner, self.size(ctx))
            self.scopes.pop()
            head = ["%suint32_t %s = 0u;" % (ind, k)]
            if r.random() < 0.5:
                return head + ["%swhile (%s < %du && (%s)) {" % (ind, k, limit, c), "%s  ++%s;" % (ind, k)] + body + ["%s}" % ind]
            return head + ["%sdo {" % ind, "%s  ++%s;" % (ind, k)] + body + ["%s} while (%s < %du && (%s));" % (ind, k, limit, c)]
        if kind == "switch":
            e, u = self.expr(U32, 2, uniform_only=r.random() < 0.3)
            ncase = r.randint(2, 5)
            inner = ctx.nest(in_switch=True, divergent=ctx.divergent or not u)
            lines = ["%sswitch ((%s) %% %du) {" % (ind, e, ncase + 1)]
            labels = list(range(ncase))
            r.shuffle(labels)
            i = 0
            while i < len(labels):
                group = labels[i:i + r.choice([1, 1, 2])]
                i += len(group)
                for lab in group:
                    lines.append("%scase %du:" % (ind, lab))
                lines += ["%s  {" % ind] + self.block(inner.nest(), self.size(ctx, 3)) + ["%s  }" % ind]
                if i < len(labels) and r.random() < 0.25:
                    lines.append("%s  [[fallthrough]];" % ind)
                else:
                    lines.append("%s  break;" % ind)
            if r.random() < 0.7:
                lines += ["%sdefault:" % ind, "%s  {" % ind] + self.block(inner.nest(), self.size(ctx, 2)) + ["%s  }" % ind,
                                                                                                          "%s  break;" % ind]
            return lines + ["%s}" % ind]
        if kind in ("break", "continue", "return"):
            c, _ = self.cond(1)
            return ["%sif (%s)" % (ind, c), "%s  %s;" % (ind, kind)]
        raise AssertionError(kind)

    # ---- segments and program -----------------------------------------------
    def segment(self, name, read_buf, write_buf, init_local, last):
        """A segment function: the part of the kernel between two barriers."""
        r = self.r
        self.read_buf, self.write_buf = read_buf, write_buf
        self.scopes = [[]]
        lines = ["// %s" % ("reads local buffer %d, writes own slots of buffer %d" % (read_buf, write_buf)
                            if read_buf is not None else "no local memory" if write_buf is None
                            else "writes own slots of buffer %d" % write_buf),
                 "static void %s(const diff::Args &A, const diff::Ids &id, diff::Priv &p, uint32_t *lmu, float *lmf) {" % name]
        if init_local:
            # Every slot of both buffers is written before any barrier, so
            # every later read sees a defined value.
            for b in (0, 1):
                for j in range(K):
                    slot = "%du + id.ll * %du + %du" % (b * self.LL * K, K, j)
                    lines.append("  lmu[%s] = %s;" % (slot, self.expr(U32, 1)[0]))
                    lines.append("  lmf[%s] = %s;" % (slot, self.expr(F32, 1)[0]))
        # Starting values: private state, ids, loads, uniform scalars.
        start = [
            (U32, "p.u0 ^ id.gl", False), (U32, "p.u1 + A.iu[%s]" % self.index(self.M)[0], False),
            (U32, "A.u0 * %du + 1u" % r.randint(1, 5), True), (U64, "p.l0 + A.il[id.gl]", False),
            (F32, "p.f0 + A.iff[%s]" % self.index(self.M)[0], False), (F64, "p.d0 + A.id[id.gl]", False),
            (F32, "A.fu", True),
        ]
        for ty, e, u in start:
            v = Var(self.fresh(PREFIX[ty]), ty, u)
            self.scopes[0].append(v)
            lines.append("  %s %s = %s;" % (ty, v.name, e))
        lines += self.block(Ctx(), r.randint(4, 8))
        if last:
            # Every output gets at least one store on the way out (unless returned early).
            for ty in TYPES:
                for j in range(2):
                    lines += self.store("  ", ty, j)
        else:
            for field, ty in (("u0", U32), ("u1", U32), ("l0", U64), ("f0", F32), ("d0", F64)):
                lines.append("  p.%s = %s;" % (field, self.expr(ty, 2)[0]))
        return lines + ["}"]

    def program(self):
        G, L, N, M, LL = self.G, self.L, self.N, self.M, self.LL
        nd = L is not None
        plan = self.plan
        local = plan != "none"
        out = ["// Generated by test/diff/Inputs/gen_kernel.py --seed %d: do not edit." % self.seed,
               "// %s, global %s%s, %s; outputs: %s" % (
                   {"range1": "range<1>", "range2": "range<2>", "nd1": "nd_range<1>", "nd2": "nd_range<2>"}[self.kind],
                   "x".join(map(str, G[:self.dims])), (", local " + "x".join(map(str, L[:self.dims]))) if nd else "",
                   {"none": "no barriers", "one": "one barrier", "loop": "barriers in a uniform loop"}[plan],
                   ", ".join("%s %s" % (OUTPUT[t][2:], self.layout[t]) for t in TYPES)),
               "#include <sycl/sycl.hpp>",
               '#include "diff_harness.hpp"',
               "",
               "constexpr uint32_t N = %du; // work-items; outputs have 2 * N elements" % N,
               "constexpr uint32_t M = %du; // elements of each input" % M,
               ""]
        segs = []
        if plan == "none":
            out += self.segment("seg0", None, None, False, True)
            segs = ["seg0"]
        else:
            out += self.segment("seg0", None, 0, True, False) + [""]
            if plan == "loop":
                out += self.segment("seg1", 0, 1, False, False) + [""]
                out += self.segment("seg2", 1, 0, False, False) + [""]
            out += self.segment("seg3", 0, 1, False, True)
        out.append("")
        call = "(A, id, p, lmu, lmf);"
        rounds = "(id.w0 + id.w1 + A.u0) % 3u"
        body = ["seg0" + call]
        if plan == "one":
            body += ["sycl::group_barrier(it.get_group());", "seg3" + call]
        elif plan == "loop":
            body += ["sycl::group_barrier(it.get_group());",
                     "for (uint32_t r = 0; r < %s; ++r) { // uniform in a group" % rounds,
                     "  seg1" + call, "  sycl::group_barrier(it.get_group());",
                     "  seg2" + call, "  sycl::group_barrier(it.get_group());", "}", "seg3" + call]
        D = self.dims
        rng = lambda t: "sycl::range<%d>(%s)" % (D, ", ".join("%du" % x for x in t[:D]))
        out += ["int main(int argc, char **argv) {",
                "  diff::Setup S(argc, argv, N, M);",
                "  {",
                "    const diff::Args A = S.dev;",
                "    S.q.submit([&](sycl::handler &h) {"]
        if nd:
            out += ["      sycl::local_accessor<uint32_t, 1> lu(sycl::range<1>(%du), h);" % max(1, 2 * LL * K),
                    "      sycl::local_accessor<float, 1> lf(sycl::range<1>(%du), h);" % max(1, 2 * LL * K),
                    "      h.parallel_for(sycl::nd_range<%d>(%s, %s), [=](sycl::nd_item<%d> it) {" % (D, rng(G), rng(L), D),
                    "        const diff::Ids id = diff::ids_nd(it);"]
            if local:
                out += ["        uint32_t *lmu = &lu[0];", "        float *lmf = &lf[0];"]
            else:
                out += ["        uint32_t *lmu = nullptr;", "        float *lmf = nullptr;"]
        else:
            out += ["      h.parallel_for(%s, [=](sycl::item<%d> it) {" % (rng(G), D),
                    "        const diff::Ids id = diff::ids_range(it);",
                    "        uint32_t *lmu = nullptr;", "        float *lmf = nullptr;"]
        out += ["        diff::Priv p{};"] + ["        " + l for l in body] + ["      });", "    }).wait();", "  }"]
        # Host reference: groups one after another; within a group, each
        # segment for every work-item before the next segment (the barriers).
        Lh = L if nd else G
        out += ["  // Host reference.",
                "  const diff::Args A = S.host;",
                "  for (uint32_t w0 = 0; w0 < %du; ++w0)" % (G[0] // Lh[0]),
                "    for (uint32_t w1 = 0; w1 < %du; ++w1) {" % (G[1] // Lh[1]),
                "      std::vector<diff::Priv> P(%du, diff::Priv{});" % (Lh[0] * Lh[1]),
                "      std::vector<uint32_t> hlu(%du);" % max(1, 2 * LL * K),
                "      std::vector<float> hlf(%du);" % max(1, 2 * LL * K),
                "      uint32_t *lmu = %s;" % ("hlu.data()" if local else "nullptr"),
                "      float *lmf = %s;" % ("hlf.data()" if local else "nullptr"),
                "      auto each = [&](void (*seg)(const diff::Args &, const diff::Ids &, diff::Priv &, uint32_t *, float *)) {",
                "        for (uint32_t l0 = 0; l0 < %du; ++l0)" % Lh[0],
                "          for (uint32_t l1 = 0; l1 < %du; ++l1) {" % Lh[1],
                "            const diff::Ids id = diff::ids_host(w0 * %du + l0, w1 * %du + l1, %du, %du, %du);" % (
                    Lh[0], Lh[1], G[1], Lh[0], Lh[1]),
                "            seg(A, id, P[id.ll], lmu, lmf);",
                "          }",
                "      };"]
        host = ["each(seg0);"]
        if plan == "one":
            host += ["each(seg3);"]
        elif plan == "loop":
            host += ["const diff::Ids id = diff::ids_host(w0 * %du, w1 * %du, %du, %du, %du);" % (Lh[0], Lh[1], G[1], Lh[0], Lh[1]),
                     "for (uint32_t r = 0; r < %s; ++r) {" % rounds, "  each(seg1);", "  each(seg2);", "}", "each(seg3);"]
        out += ["      " + l for l in host] + ["    }", "  return S.finish();", "}", ""]
        return "\n".join(out)


def generate(seed):
    return Gen(seed).program()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("-o", "--output", help="file to write (default: stdout)")
    args = ap.parse_args()
    src = generate(args.seed)
    if args.output:
        with open(args.output, "w") as f:
            f.write(src)
    else:
        sys.stdout.write(src)


if __name__ == "__main__":
    main()
