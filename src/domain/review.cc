#include "domain/review.h"

#include <algorithm>
#include <array>
#include <set>

#include <fmt/format.h>

#include "domain/text.h"

namespace sx::domain {

namespace {

template <typename E>
struct Named {
  E value;
  std::string_view code;
  std::string_view name;
};

template <typename E, std::size_t N>
std::string_view CodeOf(const std::array<Named<E>, N>& table, E v) {
  for (const auto& n : table) {
    if (n.value == v) return n.code;
  }
  return "";
}
template <typename E, std::size_t N>
std::string_view NameOf(const std::array<Named<E>, N>& table, E v) {
  for (const auto& n : table) {
    if (n.value == v) return n.name;
  }
  return "";
}
template <typename E, std::size_t N>
std::optional<E> Parse(const std::array<Named<E>, N>& table, std::string_view code) {
  for (const auto& n : table) {
    if (n.code == code) return n.value;
  }
  return std::nullopt;
}

constexpr std::array<Named<ReviewNeed>, 2> kNeeds{{
    {ReviewNeed::kReview, "review", "法制审核"},
    {ReviewNeed::kDiscussion, "discussion", "集体讨论"},
}};

constexpr std::array<Named<ReviewMaterial>, 6> kMaterials{{
    {ReviewMaterial::kInvestigationReport, "investigation_report", "案件调查终结报告"},
    {ReviewMaterial::kEvidenceList, "evidence_list", "证据材料清单"},
    {ReviewMaterial::kProposedDecision, "proposed_decision", "拟作出的处理决定"},
    {ReviewMaterial::kLegalBasis, "legal_basis", "适用的法律依据"},
    {ReviewMaterial::kBenchmark, "benchmark", "裁量基准的适用及理由"},
    {ReviewMaterial::kHearingRecord, "hearing_record", "听证笔录"},
}};

constexpr std::array<Named<ReviewItem>, kReviewItemCount> kItems{{
    {ReviewItem::kSubject, "subject", "执法主体是否合法"},
    {ReviewItem::kPersonnel, "personnel", "执法人员是否具备执法资格"},
    {ReviewItem::kProcedure, "procedure", "执法程序是否合法"},
    {ReviewItem::kFacts, "facts", "案件事实是否清楚,证据是否合法充分"},
    {ReviewItem::kLaw, "law", "适用法律、法规、规章是否准确,裁量基准运用是否适当"},
    {ReviewItem::kWithinPowers, "within_powers", "执法是否超越本机关执法权限"},
    {ReviewItem::kDocuments, "documents", "执法文书是否完备、规范"},
    {ReviewItem::kCrimeTransfer, "crime_transfer", "违法行为是否涉嫌犯罪、需要移送司法机关"},
}};

constexpr std::array<Named<ReviewOpinion>, 2> kOpinions{{
    {ReviewOpinion::kApprove, "approve", "同意"},
    {ReviewOpinion::kProblems, "problems", "存在问题"},
}};

std::vector<CatalogueRule> BuildStatutory() {
  using N = ReviewNeed;
  return {
      {.id = "ordinary-procedure",
       .name = "普通程序办理的案件",
       .basis = "郑州住房公积金管理中心三项制度实施方案 三(三)1;行政处罚法 第58条",
       .statutory = true,
       .procedure = Procedure::kOrdinary},
      {.id = "art58-public-interest",
       .name = "涉及重大公共利益的",
       .basis = "行政处罚法 第58条第1款第1项",
       .statutory = true,
       .public_interest = true},
      {.id = "art58-hearing",
       .name = "直接关系当事人或者第三人重大权益,经过听证程序的",
       .basis = "行政处罚法 第58条第1款第2项",
       .statutory = true,
       .hearing_held = true},
      {.id = "art58-complex",
       .name = "案件情况疑难复杂、涉及多个法律关系的",
       .basis = "行政处罚法 第58条第1款第3项",
       .statutory = true,
       .complex = true},
      {.id = "art58-other-law",
       .name = "法律、法规规定应当进行法制审核的其他情形",
       .basis = "行政处罚法 第58条第1款第4项",
       .statutory = true,
       .other_law = true},
      {.id = "art57-major",
       .name = "情节复杂或者重大违法行为给予行政处罚的",
       .basis = "行政处罚法 第57条第2款",
       .need = N::kDiscussion,
       .statutory = true,
       .major_violation = true},
  };
}

bool Blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

bool IdChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

bool HasCondition(const CatalogueRule& r) {
  return !r.categories.empty() || r.procedure || !r.power_codes.empty() || r.party ||
         !r.outcomes.empty() || r.min_amount || r.hearing_held || r.public_interest || r.complex ||
         r.other_law || r.major_violation || r.social_impact;
}

bool FlagMatches(const std::optional<bool>& want, bool have) { return !want || *want == have; }

CatalogueMatch MatchAll(std::span<const CatalogueRule> agency_rules, const ReviewCase& c,
                        ReviewNeed need) {
  CatalogueMatch m;
  m.need = need;
  const std::span<const CatalogueRule> statutory = StatutoryRules();
  for (const auto list : {statutory, agency_rules}) {
    for (const CatalogueRule& r : list) {
      if (r.need == need && Matches(r, c)) m.matched.push_back(r);
    }
  }
  return m;
}

}  // namespace

std::string_view ReviewNeedCode(ReviewNeed n) { return CodeOf(kNeeds, n); }
std::string_view ReviewNeedName(ReviewNeed n) { return NameOf(kNeeds, n); }
std::optional<ReviewNeed> ParseReviewNeed(std::string_view code) { return Parse(kNeeds, code); }

std::span<const CatalogueRule> StatutoryRules() {
  static const std::vector<CatalogueRule> rules = BuildStatutory();
  return rules;
}

Status ValidateCatalogue(std::span<const CatalogueRule> rules) {
  if (rules.size() > kMaxCatalogueRules) {
    return Status::Invalid(fmt::format("目录清单最多 {} 条", kMaxCatalogueRules))
        .WithField("rules");
  }
  std::set<std::string> ids;
  for (const CatalogueRule& s : StatutoryRules()) ids.insert(s.id);
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const CatalogueRule& r = rules[i];
    const std::string field = fmt::format("rules[{}]", i);
    const std::string label = r.name.empty() ? fmt::format("第 {} 条", i + 1) : "“" + r.name + "”";
    if (r.id.empty() || r.id.size() > 40 || !std::all_of(r.id.begin(), r.id.end(), IdChar)) {
      return Status::Invalid(fmt::format("{}的编号须为 1–40 个小写字母、数字或连字符", label))
          .WithField(field + ".id");
    }
    if (!ids.insert(r.id).second) {
      return Status::Invalid(fmt::format("{}的编号 {} 与其他条目(或法定条目)重复", label, r.id))
          .WithField(field + ".id");
    }
    if (r.statutory) {
      return Status::Invalid(fmt::format("{}:法定条目内置于系统,本机关只能增加条目", label))
          .WithField(field + ".statutory");
    }
    SX_RETURN_IF_ERROR(CheckText(r.name, fmt::format("第 {} 条的名称", i + 1), field + ".name",
                                 kMaxRuleNameChars));
    SX_RETURN_IF_ERROR(CheckText(r.basis, label + "的依据", field + ".basis", kMaxRuleBasisChars));
    if (r.min_amount && *r.min_amount < 0) {
      return Status::Invalid(fmt::format("{}的罚款金额下限不能为负数", label))
          .WithField(field + ".minAmount");
    }
    if (!HasCondition(r)) {
      return Status::Invalid(
                 fmt::format("{}没有任何条件;须至少给出一项(如职权类别、程序、金额)", label))
          .WithField(field);
    }
  }
  return Status::Ok();
}

bool Matches(const CatalogueRule& r, const ReviewCase& c) {
  if (!r.categories.empty() &&
      std::find(r.categories.begin(), r.categories.end(), c.category) == r.categories.end()) {
    return false;
  }
  if (r.procedure && *r.procedure != c.procedure) return false;
  if (!r.power_codes.empty() &&
      std::find(r.power_codes.begin(), r.power_codes.end(), c.power_code) == r.power_codes.end()) {
    return false;
  }
  if (r.party && *r.party != c.party) return false;
  if (!r.outcomes.empty() && (!c.outcome || std::find(r.outcomes.begin(), r.outcomes.end(),
                                                      *c.outcome) == r.outcomes.end())) {
    return false;
  }
  if (r.min_amount && (!c.amount || *c.amount < *r.min_amount)) return false;
  return FlagMatches(r.hearing_held, c.hearing_held) &&
         FlagMatches(r.public_interest, c.public_interest) && FlagMatches(r.complex, c.complex) &&
         FlagMatches(r.other_law, c.other_law) &&
         FlagMatches(r.major_violation, c.major_violation) &&
         FlagMatches(r.social_impact, c.social_impact);
}

std::string CatalogueMatch::Explain() const {
  const std::string_view what = ReviewNeedName(need);
  if (matched.empty()) return fmt::format("不属于须经{}的情形", what);
  std::string out = fmt::format("须经{}:", what);
  for (std::size_t i = 0; i < matched.size(); ++i) {
    if (i > 0) out += ";";
    out += fmt::format("{}({})", matched[i].name, matched[i].basis);
  }
  return out;
}

CatalogueMatch RequiresReview(std::span<const CatalogueRule> agency_rules, const ReviewCase& c) {
  return MatchAll(agency_rules, c, ReviewNeed::kReview);
}

CatalogueMatch RequiresCollectiveDiscussion(std::span<const CatalogueRule> agency_rules,
                                            const ReviewCase& c) {
  return MatchAll(agency_rules, c, ReviewNeed::kDiscussion);
}

std::string_view ReviewMaterialCode(ReviewMaterial m) { return CodeOf(kMaterials, m); }
std::string_view ReviewMaterialName(ReviewMaterial m) { return NameOf(kMaterials, m); }

std::vector<ReviewMaterial> MissingMaterials(const ReviewPackage& p) {
  std::vector<ReviewMaterial> missing;
  if (!p.investigation_report) missing.push_back(ReviewMaterial::kInvestigationReport);
  if (p.evidence_items <= 0) missing.push_back(ReviewMaterial::kEvidenceList);
  if (Blank(p.proposed_decision)) missing.push_back(ReviewMaterial::kProposedDecision);
  if (Blank(p.legal_basis)) missing.push_back(ReviewMaterial::kLegalBasis);
  if (p.fine_proposed && (Blank(p.tier) || Blank(p.tier_reasoning))) {
    missing.push_back(ReviewMaterial::kBenchmark);
  }
  if (p.hearing_held && !p.hearing_record) missing.push_back(ReviewMaterial::kHearingRecord);
  return missing;
}

Status CheckPackage(const ReviewPackage& p) {
  const auto missing = MissingMaterials(p);
  if (!missing.empty()) {
    std::string names;
    for (ReviewMaterial m : missing) {
      if (!names.empty()) names += "、";
      names += ReviewMaterialName(m);
    }
    return Status::Invalid(fmt::format("送审材料不全,缺少:{}", names)).WithField("materials");
  }
  if (!p.vouched) {
    return Status::Invalid(
               "提交法制审核须由承办机构确认所送材料真实、完整(承办机构对送审材料的真实性、"
               "完整性负责)")
        .WithField("vouched");
  }
  return Status::Ok();
}

Status CheckReviewer(const ReviewerFacts& r, std::span<const std::int64_t> involved) {
  if (!r.legal_reviewer) {
    return Status::Permission("审核人员不在本机关法制审核人员名单中(行政处罚法 第58条)");
  }
  if (std::find(involved.begin(), involved.end(), r.user_id) != involved.end()) {
    return Status::Permission(
        "审核人员不得审核本人承办或者审批过的案件(行政处罚法 第43条、第58条)");
  }
  if (r.first_time && !r.legal_qualification) {
    return Status::Permission(
        "初次从事行政处罚决定法制审核的人员,应当通过国家统一法律职业资格考试取得法律职业资格"
        "(行政处罚法 第58条第2款)");
  }
  return Status::Ok();
}

std::string_view ReviewItemCode(ReviewItem i) { return CodeOf(kItems, i); }
std::string_view ReviewItemName(ReviewItem i) { return NameOf(kItems, i); }
std::optional<ReviewItem> ParseReviewItem(std::string_view code) { return Parse(kItems, code); }

std::string_view ReviewOpinionCode(ReviewOpinion o) { return CodeOf(kOpinions, o); }
std::string_view ReviewOpinionName(ReviewOpinion o) { return NameOf(kOpinions, o); }
std::optional<ReviewOpinion> ParseReviewOpinion(std::string_view code) {
  return Parse(kOpinions, code);
}

Status ValidateReviewForm(const ReviewForm& f) {
  std::array<int, kReviewItemCount> seen{};
  bool wanting = false;
  for (const ItemFinding& x : f.findings) {
    const auto index = static_cast<std::size_t>(x.item);
    if (index >= seen.size()) return Status::Invalid("未知的审核事项").WithField("findings");
    const std::string field = fmt::format("findings.{}", ReviewItemCode(x.item));
    if (++seen[index] > 1) {
      return Status::Invalid(fmt::format("审核事项“{}”重复填写", ReviewItemName(x.item)))
          .WithField(field);
    }
    if (!x.conforms) {
      wanting = true;
      if (Blank(x.comment)) {
        return Status::Invalid(
                   fmt::format("“{}”存在问题,请写明问题及修改意见", ReviewItemName(x.item)))
            .WithField(field);
      }
    }
    if (!x.comment.empty()) {
      SX_RETURN_IF_ERROR(CheckText(x.comment, fmt::format("“{}”的意见", ReviewItemName(x.item)),
                                   field, kMaxReviewCommentChars, true));
    }
  }
  for (const auto& item : kItems) {
    if (seen[static_cast<std::size_t>(item.value)] == 0) {
      return Status::Invalid(fmt::format("请逐项审核:“{}”未填写", item.name))
          .WithField(fmt::format("findings.{}", item.code));
    }
  }
  if (f.opinion == ReviewOpinion::kApprove && wanting) {
    return Status::Invalid("有审核事项存在问题,审核意见不能为“同意”").WithField("opinion");
  }
  if (f.opinion == ReviewOpinion::kProblems && !wanting) {
    return Status::Invalid("审核意见为“存在问题”,请在相应审核事项中标明问题").WithField("opinion");
  }
  return CheckText(f.summary, "审核意见", "summary", kMaxReviewCommentChars, true);
}

Status CheckQuorum(const Quorum& q) {
  if (q.denominator <= 0 || q.numerator < 0 || q.numerator >= q.denominator) {
    return Status::Invalid("集体讨论的出席比例设置无效").WithField("quorum");
  }
  if (!q.chair_is_leader) {
    return Status::Invalid("集体讨论应由本机关负责人主持").WithField("chair");
  }
  const bool share = static_cast<std::int64_t>(q.present) * q.denominator >
                     static_cast<std::int64_t>(q.leadership) * q.numerator;
  if (q.present < 3 || !share) {
    const int needed = std::max(3, q.leadership * q.numerator / q.denominator + 1);
    return Status::Invalid(
               fmt::format("出席的负责人 {} 人,不足法定人数:须超过领导班子成员({} 人)的 "
                           "{}/{} 且不少于 3 人,即至少 {} 人",
                           q.present, q.leadership, q.numerator, q.denominator, needed))
        .WithField("attendees");
  }
  return Status::Ok();
}

}  // namespace sx::domain
