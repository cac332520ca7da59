// 音像记录 duties (RULES.md §2; 国办发〔2018〕118号 三(二); 行政强制法 第18条).
#include "domain/recording.h"

#include <gtest/gtest.h>

namespace sx::domain {
namespace {

TEST(Recording, DutiesFollowTheScene) {
  EXPECT_EQ(RecordingFor(CaseAction::kSeize, std::nullopt).duty, RecordingDuty::kMandatory);
  for (CaseAction a :
       {CaseAction::kFinishInvestigation, CaseAction::kDecideOnSpot, CaseAction::kHoldHearing}) {
    EXPECT_EQ(RecordingFor(a, std::nullopt).duty, RecordingDuty::kAsRequired) << CaseActionCode(a);
  }
  // 送达: only 留置送达 and 公告送达 ask for a recording.
  EXPECT_EQ(RecordingFor(CaseAction::kServe, ServiceMethod::kLeft).scene_name, "留置送达");
  EXPECT_EQ(RecordingFor(CaseAction::kServe, ServiceMethod::kPublic).scene_name, "公告送达");
  for (ServiceMethod m : {ServiceMethod::kDirect, ServiceMethod::kPost, ServiceMethod::kElectronic,
                          ServiceMethod::kEntrusted}) {
    EXPECT_EQ(RecordingFor(CaseAction::kServe, m).duty, RecordingDuty::kNone);
  }
  for (CaseAction a : {CaseAction::kFile, CaseAction::kNotify, CaseAction::kDecide,
                       CaseAction::kClose, CaseAction::kArchive}) {
    EXPECT_EQ(RecordingFor(a, std::nullopt).duty, RecordingDuty::kNone) << CaseActionCode(a);
  }
  // Every scene a duty refers to is one the evidence form offers.
  for (const auto& rule : TransitionTable()) {
    for (auto m : {ServiceMethod::kLeft, ServiceMethod::kPublic}) {
      auto r = RecordingFor(rule.action, m);
      if (r.duty != RecordingDuty::kNone) {
        EXPECT_TRUE(KnownEvidenceScene(r.scene)) << r.scene;
      }
    }
  }
  EXPECT_FALSE(KnownEvidenceScene("../seize"));
}

TEST(Recording, MandatoryNeedsARecordingAndNoReasonReplacesIt) {
  auto seize = RecordingFor(CaseAction::kSeize, std::nullopt);
  Status missing = CheckRecording(seize, 0, "执法记录仪没电了,未能录像");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.field(), "recording");
  EXPECT_NE(missing.message().find("行政强制法 第18条"), std::string::npos);
  EXPECT_TRUE(CheckRecording(seize, 1, "").ok());
}

TEST(Recording, AsRequiredTakesARecordingOrAReason) {
  auto hearing = RecordingFor(CaseAction::kHoldHearing, std::nullopt);
  Status none = CheckRecording(hearing, 0, "");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.field(), "noRecordingReason");
  EXPECT_NE(none.message().find("举行听证"), std::string::npos);
  EXPECT_TRUE(CheckRecording(hearing, 2, "").ok());
  EXPECT_TRUE(CheckRecording(hearing, 0, "当事人不同意录音录像,已记入笔录").ok());
  EXPECT_EQ(CheckRecording(hearing, 0, "无").field(), "noRecordingReason");  // too short
  EXPECT_EQ(CheckRecording(hearing, 0, std::string(600, 'x')).field(), "noRecordingReason");
  EXPECT_EQ(CheckRecording(hearing, 0, "理由\x01含控制字符").field(), "noRecordingReason");
  EXPECT_TRUE(CheckRecording(RecordingFor(CaseAction::kNotify, std::nullopt), 0, "").ok());
}

TEST(Recording, SeizureOnlyWhereTheBasisGrantsIt) {
  EXPECT_TRUE(AuthorizesSeizure(PowerCategory::kCoercion, "……可以查封、扣押有关财物"));
  EXPECT_TRUE(AuthorizesSeizure(PowerCategory::kCoercion, "……予以扣押"));
  // 住房公积金管理条例 第38条: the center applies to the court; it seizes nothing itself.
  EXPECT_FALSE(
      AuthorizesSeizure(PowerCategory::kCoercion, "逾期仍不缴存的,可以申请人民法院强制执行"));
  EXPECT_FALSE(AuthorizesSeizure(PowerCategory::kPenalty, "……可以查封、扣押"));
}

TEST(Recording, RecordingTypes) {
  EXPECT_TRUE(IsRecordingType("video/mp4"));
  EXPECT_TRUE(IsRecordingType("audio/x-wav"));
  EXPECT_FALSE(IsRecordingType("image/jpeg"));
  EXPECT_FALSE(IsRecordingType("application/pdf"));
}

}  // namespace
}  // namespace sx::domain
