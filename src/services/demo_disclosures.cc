// The demo's 执法公示: the demo case decided today published, and a year of earlier decisions —
// published on time and late, one still waiting and overdue, one corrected, one withdrawn after
// 行政复议 — so the portal and the publisher's list show what they are for. The decisions hold
// the personal data real ones do (a 法定代表人's name, phones, ID numbers, addresses, accounts):
// what the portal shows of them is what redaction left.
#include <fmt/format.h>

#include "services/demo.h"
#include "services/disclosure_service.h"
#include "store/agency_repository.h"
#include "store/user_repository.h"

namespace sx::services {

namespace {

struct Past {
  int days_ago;  // decided
  domain::PartyKind kind;
  std::string party;
  std::string id_number;  // 统一社会信用代码 or 公民身份号码
  std::string representative;
  std::string address;
  std::string phone;
  domain::Outcome outcome;
  std::int64_t fine;
  int publish_after;  // days after the decision; < 0: not published
  std::string extra;  // more personal data in the text
};

std::string DecisionText(const Past& p, std::string_view number, std::string_view agency) {
  const bool citizen = p.kind == domain::PartyKind::kCitizen;
  std::string party =
      citizen ? fmt::format("当事人:{},公民身份号码 {},住址:{},联系电话:{}。", p.party, p.id_number,
                            p.address, p.phone)
              : fmt::format("当事人:{},统一社会信用代码 {},住所:{},法定代表人:{},联系电话:{}。",
                            p.party, p.id_number, p.address, p.representative, p.phone);
  std::string decision =
      p.outcome == domain::Outcome::kPenalty
          ? fmt::format(
                "依据《住房公积金管理条例》第三十七条,本机关决定对当事人处以罚款人民币 "
                "{} 元。罚款自收到本决定书之日起十五日内缴至指定银行。",
                p.fine)
          : "依据《住房公积金管理条例》的规定,本机关责令当事人自收到本决定书之日起三十日内办理。";
  return fmt::format(
      "{}\n行政处罚决定书\n{}\n{}\n"
      "经查,当事人存在未按规定办理住房公积金缴存登记或者未为职工设立住房公积金账户的行为,经责令"
      "限期办理,逾期仍未办理。{}\n"
      "以上事实有职工花名册、责令限期办理通知书及送达回证、询问笔录等证据证实。\n{}\n"
      "当事人如不服本决定,可以在收到本决定书之日起六十日内向郑州市人民政府申请行政复议,或者在六"
      "个月内依法向郑州市金水区人民法院提起行政诉讼。\n执法人员:张伟(执法证号 豫A41010001)、陈静"
      "(执法证号 豫A41010002)\n",
      agency, number, party, p.extra, decision);
}

}  // namespace

Status LoadDemoDisclosures(store::Database& db, DisclosureService& disclosures,
                           CalendarService& calendar, DeadlineService& deadlines,
                           const Clock& clock) {
  std::int64_t agency_id = 0, publisher = 0, leader = 0;
  std::string agency_name;
  SX_RETURN_IF_ERROR(db.Read([&](store::Tx& tx) -> Status {
    auto agency = store::MakeAgencyRepository()->GetByCode(tx, "zzgjj");
    if (!agency.ok()) return agency.status();
    agency_id = agency->id;
    agency_name = agency->name;
    auto users = store::MakeUserRepository();
    auto p = users->FindByUsername(tx, "demo.publisher");
    if (!p.ok()) return p.status();
    publisher = p->id;
    auto l = users->FindByUsername(tx, "demo.leader");
    if (!l.ok()) return l.status();
    leader = l->id;
    return Status::Ok();
  }));
  // The demo case decided today: its draft is published last, after the earlier decisions.
  auto today_drafts = disclosures.List({agency_id, domain::DisclosureStatus::kDraft, false},
                                       [](std::int64_t) { return true; });
  if (!today_drafts.ok()) return today_drafts.status();

  using domain::Outcome;
  using domain::PartyKind;
  const std::vector<Past> past = {
      {330, PartyKind::kOrganisation, "郑州金桥物流有限公司", "91410100MA40A1B23X", "王建国",
       "郑州市管城回族区航海东路 1200 号", "0371-6688 1234", Outcome::kPenalty, 30'000, 5, ""},
      {290, PartyKind::kOrganisation, "河南华瑞置业有限公司", "91410105MA44C5D67Y", "欧阳振华",
       "郑州市金水区农业路 66 号", "13837112345", Outcome::kPenalty, 50'000, 6,
       "经询问,当事人财务负责人刘芳(联系电话 139-3711-2233)承认未缴存的事实。"},
      {240, PartyKind::kCitizen, "赵丽娟", "410105198803150027", "",
       "郑州市中原区建设西路 18 号 3 号楼 2 单元 501 室", "15903711234", Outcome::kOrder, 0, 12,
       "当事人以虚假购房合同提取住房公积金 86000 元,提取款转入其银行账户 6222 0217 0000 1234 "
       "567。"},
      {200, PartyKind::kOrganisation, "郑州宏远机械制造有限公司", "91410122MA46E8F90A", "司马国强",
       "郑州市中牟县官渡大道 9 号", "0371-6221 5678", Outcome::kPenalty, 10'000, 4, ""},
      {150, PartyKind::kOrganisation, "郑州天润餐饮管理有限公司", "91410103MA47G1H23B", "陈晓东",
       "郑州市二七区大学路 101 号", "18638001234", Outcome::kPenalty, 20'000, 9, ""},
      {120, PartyKind::kOrganisation, "郑州博雅教育咨询有限公司", "91410105MA48J4K56C", "孙悦",
       "郑州市金水区文化路 45 号", "0371-6386 9900", Outcome::kNoPenalty, 0, 15, ""},
      {90, PartyKind::kOrganisation, "郑州瑞丰建材有限公司", "91410108MA49L7M89D", "周志刚",
       "郑州市惠济区天河路 3 号", "13633851234", Outcome::kPenalty, 30'000, 3, ""},
      {60, PartyKind::kCitizen, "诸葛明", "410102197512080035", "",
       "郑州市金水区经三路 12 号院 6 号楼 1 单元 302 室", "13703712345", Outcome::kOrder, 0, 10,
       "其名下不动产权证号为豫(2021)郑州市不动产权第0123456号的房屋并非本次提取所购住房。"},
      {40, PartyKind::kOrganisation, "郑州安康医药连锁有限公司", "91410102MA4AN0P12E", "吴海燕",
       "郑州市中原区桐柏路 200 号", "0371-6799 3344", Outcome::kPenalty, 40'000, 6, ""},
      {25, PartyKind::kOrganisation, "郑州鑫源汽车服务有限公司", "91410104MA4BQ3R45F", "郑伟",
       "郑州市管城回族区城东路 8 号", "15838123456", Outcome::kPenalty, 10'000, 5, ""},
      {16, PartyKind::kOrganisation, "郑州恒通物业管理有限公司", "91410105MA4CS6T78G", "冯涛",
       "郑州市金水区东风路 30 号", "0371-6552 7788", Outcome::kPenalty, 20'000, -1, ""},
      {3, PartyKind::kOrganisation, "郑州华夏纺织有限公司", "91410182MA4DU9V01H", "卫东",
       "郑州市荥阳市索河路 17 号", "13598012345", Outcome::kPenalty, 30'000, -1,
       "当事人人事专员张丽(手机 186 0371 2468)到场接受询问。"},
  };
  int serial = 100;
  std::vector<std::int64_t> published;
  for (const auto& p : past) {
    const domain::Date decided = domain::AddDays(domain::ShanghaiDate(clock.Now()), -p.days_ago);
    // Each step happens on its own day: the services see that day through their own clock.
    FakeClock then(std::chrono::sys_days(decided) + std::chrono::hours(2));
    DisclosureService at_decision(db, then, calendar, deadlines);
    DecisionNotice n;
    n.agency_id = agency_id;
    n.agency_name = agency_name;
    n.case_number = fmt::format("郑公积金案〔{}〕{}号", static_cast<int>(decided.year()), serial);
    n.document_number =
        fmt::format("郑公积金{}〔{}〕{}号", p.outcome == Outcome::kPenalty ? "罚决" : "决",
                    static_cast<int>(decided.year()), serial);
    ++serial;
    n.document_title = p.outcome == Outcome::kPenalty ? "行政处罚决定书" : "行政处理决定书";
    n.document_text = DecisionText(p, n.document_number, agency_name);
    n.outcome = p.outcome;
    if (p.outcome == Outcome::kPenalty) n.fine = p.fine;
    n.decided_on = decided;
    n.party = {p.kind, p.party, p.id_number, p.representative, p.address, p.phone};
    n.cause = p.kind == PartyKind::kCitizen ? fmt::format("{}以虚假材料提取住房公积金", p.party)
                                            : "未办理住房公积金缴存登记,逾期不办理";
    n.category = "行政处罚";
    n.basis = "《住房公积金管理条例》第三十七条";
    n.officer_names = {"张伟", "陈静"};
    n.actor_id = leader;
    SX_RETURN_IF_ERROR(db.Write([&](store::Tx& tx) { return at_decision.OnDecision(tx, n); }));
    if (p.publish_after < 0) continue;
    std::int64_t id = 0, version = 0;
    SX_RETURN_IF_ERROR(db.Read([&](store::Tx& tx) -> Status {
      auto r = tx.Query("SELECT id, version FROM disclosures ORDER BY id DESC LIMIT 1");
      if (!r.ok()) return r.status();
      id = r->rows.front().Int(0);
      version = r->rows.front().Int(1);
      return Status::Ok();
    }));
    FakeClock pub(std::chrono::sys_days(domain::AddDays(decided, p.publish_after)) +
                  std::chrono::hours(3));
    DisclosureService at_publication(db, pub, calendar, deadlines);
    auto r = at_publication.Publish(id, version, publisher);
    if (!r.ok()) return r.status();
    published.push_back(id);
  }
  // A correction, and a withdrawal after 行政复议 revoked the decision.
  {
    const std::int64_t id = published.at(8);  // 40 days ago, still on display
    auto item = disclosures.Get(id);
    if (!item.ok()) return item.status();
    Correction c;
    c.conclusion =
        "未办理住房公积金缴存登记,逾期不办理。依据《住房公积金管理条例》第三十七条,"
        "决定给予罚款人民币40000元的行政处罚(原公示罚款金额表述有误,已更正)。";
    auto r = disclosures.Correct(id, item->at("version").as_int64(), c,
                                 "执法结论中罚款金额的表述与决定书不一致", publisher);
    if (!r.ok()) return r.status();
  }
  {
    const std::int64_t id = published.at(1);  // 50,000 yuan: on display for 3 years
    auto item = disclosures.Get(id);
    if (!item.ok()) return item.status();
    auto r =
        disclosures.Withdraw(id, item->at("version").as_int64(), domain::WithdrawReason::kRevoked,
                             "郑州市人民政府行政复议决定撤销原行政处罚决定",
                             domain::AddDays(domain::ShanghaiDate(clock.Now()), -1), publisher);
    if (!r.ok()) return r.status();
  }
  for (const auto& v : today_drafts->at("items").as_array()) {
    const std::int64_t id = v.at("id").as_int64();
    auto item = disclosures.Get(id);
    if (!item.ok()) return item.status();
    auto r = disclosures.Publish(id, item->at("version").as_int64(), publisher);
    if (!r.ok()) return r.status();
  }
  return Status::Ok();
}

}  // namespace sx::services
