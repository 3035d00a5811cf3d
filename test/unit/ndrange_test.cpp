// Local-size choice for plain ranges and nd_range validation (runtime/ndrange.h).
#include <gtest/gtest.h>

#include "ndrange.h"

using namespace sporkle::rt;

namespace {

local_size_request request(uint64_t x, uint64_t y = 1, uint64_t z = 1, uint32_t vw = 1,
                           uint32_t threads = 16) {
  local_size_request r;
  r.global[0] = x;
  r.global[1] = y;
  r.global[2] = z;
  r.vector_width = vw;
  r.threads = threads;
  return r;
}

void expect_valid(const local_size_request &r, const uint64_t local[3]) {
  uint64_t items = 1, groups = 1;
  for (int d = 0; d < 3; ++d) {
    ASSERT_GE(local[d], 1u);
    EXPECT_EQ(r.global[d] % local[d], 0u) << "dim " << d << " global " << r.global[d];
    items *= local[d];
    groups *= r.global[d] / local[d];
  }
  EXPECT_LE(items, r.max_work_group_size);
  uint64_t total = r.global[0] * r.global[1] * r.global[2];
  // Enough work-groups to keep every thread busy whenever the range allows.
  EXPECT_GE(groups, std::min<uint64_t>(total, r.threads)) << "x=" << r.global[0];
}

} // namespace

TEST(LocalSizeChoice, DividesGlobalSizeForEverySmallShape) {
  for (uint64_t x : {1, 2, 3, 7, 8, 13, 64, 100, 1000, 1031, 4096, 65536, 1 << 20})
    for (uint64_t y : {1, 3, 17, 256})
      for (uint32_t vw : {1u, 8u, 16u}) {
        local_size_request r = request(x, y, 1, vw);
        uint64_t local[3];
        choose_local_size(r, local);
        expect_valid(r, local);
      }
}

TEST(LocalSizeChoice, XIsAMultipleOfTheVectorWidthWhenPossible) {
  uint64_t local[3];
  choose_local_size(request(1000, 1, 1, 8, 2), local);
  EXPECT_EQ(local[0] % 8, 0u);
  EXPECT_EQ(local[0], 40u); // largest multiple of 8 dividing 1000 with >= 8 groups
  choose_local_size(request(1 << 20, 1, 1, 16, 16), local);
  EXPECT_EQ(local[0] % 16, 0u);
  EXPECT_EQ(local[0], 4096u); // capped by max_work_group_size
}

TEST(LocalSizeChoice, PrefersLargeXAndLeavesYAndZAtOneWhenXIsLarge) {
  uint64_t local[3];
  choose_local_size(request(1024, 1024, 1, 8, 16), local);
  EXPECT_EQ(local[0], 1024u);
  EXPECT_EQ(local[1], 1u);
  EXPECT_EQ(local[2], 1u);
}

TEST(LocalSizeChoice, GrowsYWhenXIsTiny) {
  uint64_t local[3];
  choose_local_size(request(3, 4096, 1, 1, 4), local);
  EXPECT_EQ(local[0], 3u);
  EXPECT_GT(local[1], 1u);
  EXPECT_LE(local[0] * local[1], 64u + 3u * 4u);
}

TEST(LocalSizeChoice, PrimeSizesFallBackToOne) {
  uint64_t local[3];
  choose_local_size(request(1031, 1, 1, 8, 16), local);
  EXPECT_EQ(local[0], 1u);
}

TEST(LocalSizeChoice, KeepsEnoughGroupsForAllThreads) {
  uint64_t local[3];
  choose_local_size(request(4096, 1, 1, 1, 64), local);
  EXPECT_GE(4096 / local[0], 64u * 4u);
}

TEST(LocalSizeChoice, EmptyRangeGivesUnitLocalSize) {
  uint64_t local[3];
  choose_local_size(request(0, 5), local);
  EXPECT_EQ(local[0], 1u);
  EXPECT_EQ(local[1], 1u);
}

TEST(NdRangeValidation, AcceptsDividingLocalSizes) {
  uint64_t g[3] = {64, 32, 1}, l[3] = {16, 8, 1}, maxes[3] = {4096, 4096, 4096};
  EXPECT_EQ(validate_nd_range(2, g, l, 4096, maxes, nullptr), "");
}

TEST(NdRangeValidation, RejectsLocalSizeNotDividingGlobalAndNamesSyclDimension) {
  uint64_t g[3] = {64, 30, 1}, l[3] = {16, 8, 1}, maxes[3] = {4096, 4096, 4096};
  std::string msg = validate_nd_range(2, g, l, 4096, maxes, nullptr);
  EXPECT_NE(msg.find("not a multiple"), std::string::npos) << msg;
  // Hardware dim 1 of a 2-D range is SYCL dimension 0.
  EXPECT_NE(msg.find("dimension 0"), std::string::npos) << msg;
}

TEST(NdRangeValidation, RejectsTooLargeWorkGroups) {
  uint64_t g[3] = {8192, 8, 1}, l[3] = {1024, 8, 1}, maxes[3] = {4096, 4096, 4096};
  std::string msg = validate_nd_range(2, g, l, 4096, maxes, nullptr);
  EXPECT_NE(msg.find("max_work_group_size"), std::string::npos) << msg;
}

TEST(NdRangeValidation, RejectsZeroLocalSizeAndPerDimensionLimits) {
  uint64_t g[3] = {8, 1, 1}, l0[3] = {0, 1, 1}, maxes[3] = {4, 4096, 4096};
  EXPECT_NE(validate_nd_range(1, g, l0, 4096, maxes, nullptr), "");
  uint64_t l8[3] = {8, 1, 1};
  EXPECT_NE(validate_nd_range(1, g, l8, 4096, maxes, nullptr).find("device limit"),
            std::string::npos);
}

TEST(NdRangeValidation, EnforcesRequiredLocalSize) {
  uint64_t g[3] = {64, 1, 1}, l[3] = {16, 1, 1}, maxes[3] = {4096, 4096, 4096};
  uint32_t reqd[3] = {32, 0, 0};
  EXPECT_NE(validate_nd_range(1, g, l, 4096, maxes, reqd).find("requires"), std::string::npos);
}
