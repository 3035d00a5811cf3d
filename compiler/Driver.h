//===- Driver.h - sporkle-cc: a clang-compatible SYCL compiler driver -----===//
//
// sporkle-cc behaves like clang++ on the command line and adds SYCL's split
// compilation (DESIGN.md, "The compilation pipeline"):
//
//   compile  each C++ source goes through Clang's Driver with -fsycl; the
//            device pass (checked, see DeviceCodeChecker.h), the packaging
//            and the host pass all run in this process. C and other sources
//            are compiled as clang would.
//   link     the device code of all objects is linked and built for each
//            target (DeviceLinker.h), a registration object is generated
//            (RegistrationObject.h), and Clang's Driver links everything with
//            the system linker, adding libsporkle.
//
// Modes that produce no object (-E, -S, -fsyntax-only, -M, ...) go through one
// Clang Driver run; -fsycl-device-only shows the (checked) device pass alone.
//
//===----------------------------------------------------------------------===//
#ifndef SPORKLE_COMPILER_DRIVER_H
#define SPORKLE_COMPILER_DRIVER_H

namespace sporkle {

/// sporkle-cc's main(): returns the process exit status.
int runDriver(int Argc, const char **Argv);

} // namespace sporkle

#endif
