// 投诉举报: the public form's checks (anonymous allowed, contact details checked when given), the
// tracking number (unguessable part, check character catching a mistyped one), the handling's
// states (closed ones stay closed).
#include <gtest/gtest.h>

#include <set>

#include "domain/complaint.h"

namespace sx::domain {
namespace {

NewComplaint Valid() {
  NewComplaint c;
  c.topic = ComplaintTopic::kConduct;
  c.subject = "执法人员检查时态度粗暴";
  c.content = "2026年11月20日,两名执法人员到我单位检查住房公积金缴存情况,未出示证件且态度粗暴。";
  return c;
}

TEST(Complaint, TheFormIsCheckedFieldByField) {
  EXPECT_TRUE(ValidateComplaint(Valid()).ok()) << "anonymous, no contact: allowed";
  NewComplaint c = Valid();
  c.content = "太短了";
  EXPECT_EQ(ValidateComplaint(c).field(), "content");
  c = Valid();
  c.content = std::string(5001 * 3, 'a');
  EXPECT_EQ(ValidateComplaint(c).field(), "content");
  c = Valid();
  c.subject = "";
  EXPECT_EQ(ValidateComplaint(c).field(), "subject");
  c = Valid();
  c.subject = "两行\n标题";
  EXPECT_EQ(ValidateComplaint(c).field(), "subject");
  c = Valid();
  c.phone = "+86 138-3711-2345";
  EXPECT_TRUE(ValidateComplaint(c).ok());
  c.phone = "12345";
  EXPECT_EQ(ValidateComplaint(c).field(), "phone");
  c.phone = "1383711234a";
  EXPECT_EQ(ValidateComplaint(c).field(), "phone");
  c = Valid();
  c.email = "zhang@example.cn";
  EXPECT_TRUE(ValidateComplaint(c).ok());
  for (const char* bad : {"zhang", "@example.cn", "a@b", "a@@b.cn", "a@b.cn.", "a b@c.cn"}) {
    c.email = bad;
    EXPECT_EQ(ValidateComplaint(c).field(), "email") << bad;
  }
  for (ComplaintTopic t : kAllComplaintTopics) {
    EXPECT_EQ(ParseComplaintTopic(ComplaintTopicCode(t)), t);
    EXPECT_FALSE(ComplaintTopicName(t).empty());
  }
  EXPECT_FALSE(ParseComplaintTopic("spam"));
}

TEST(Complaint, TrackingNumbersAreCheckedAndDistinct) {
  std::set<std::string> seen;
  for (std::uint64_t r = 0; r < 2000; ++r) {
    const std::string n = TrackingNumber("20261129", r * 0x9E3779B97F4A7C15ULL);
    EXPECT_TRUE(IsTrackingNumber(n)) << n;
    EXPECT_EQ(n.size(), 21u);
    seen.insert(n);
    // Any one character of the random part changed, or two neighbours swapped, is caught.
    for (std::size_t i = 11; i < 19; ++i) {
      std::string typo = n;
      typo[i] = typo[i] == 'A' ? 'B' : 'A';
      EXPECT_FALSE(IsTrackingNumber(typo)) << typo;
      if (i < 18 && n[i] != n[i + 1]) {
        std::string swapped = n;
        std::swap(swapped[i], swapped[i + 1]);
        EXPECT_FALSE(IsTrackingNumber(swapped)) << swapped;
      }
    }
  }
  EXPECT_EQ(seen.size(), 2000u);
  EXPECT_FALSE(IsTrackingNumber(""));
  EXPECT_FALSE(IsTrackingNumber("TS2026112-ABCDEFGH-1"));
  EXPECT_FALSE(IsTrackingNumber("' OR 1=1 --"));
  std::string lower = TrackingNumber("20261129", 0xABCDEF1234ULL);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_FALSE(IsTrackingNumber(lower)) << "upper case only: " << lower;
}

TEST(Complaint, ClosedComplaintsStayClosed) {
  using S = ComplaintState;
  EXPECT_TRUE(CheckComplaintTransition(S::kReceived, S::kAssigned).ok());
  EXPECT_TRUE(CheckComplaintTransition(S::kReceived, S::kNotAccepted).ok());
  EXPECT_TRUE(CheckComplaintTransition(S::kAssigned, S::kAssigned).ok()) << "reassigned";
  EXPECT_TRUE(CheckComplaintTransition(S::kAssigned, S::kReplied).ok());
  EXPECT_TRUE(CheckComplaintTransition(S::kAssigned, S::kCaseOpened).ok());
  EXPECT_EQ(CheckComplaintTransition(S::kReceived, S::kReplied).field(), "state");
  for (S closed : {S::kReplied, S::kCaseOpened, S::kNotAccepted}) {
    EXPECT_TRUE(IsClosed(closed));
    EXPECT_EQ(CheckComplaintTransition(closed, S::kAssigned).field(), "state");
  }
  EXPECT_EQ(ParseComplaintState("case_opened"), S::kCaseOpened);
}

}  // namespace
}  // namespace sx::domain
