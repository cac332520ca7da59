// Legal review and collective discussion over HTTP (docs/review.md): the catalogue (also on the
// portal), submissions, the reviewer's opinion, the unit's response and the negotiation,
// escalation, the meeting, the responsibility chain and the dashboard figures.
#include <fmt/format.h>

#include <boost/json.hpp>

#include "http/api.h"
#include "http/params.h"
#include "http/problem.h"
#include "services/review_service.h"

namespace sx::http {

namespace json = boost::json;

namespace {

using domain::Permission;
using domain::Role;

// A case's record: the case's agency, then the department scope (an officer sees his or her
// department's cases).
template <typename CaseOf>
std::optional<Response> AuthorizeOnCase(ApiContext& ctx, const Request& req, Permission p,
                                        CaseOf&& case_of, services::Principal* who,
                                        std::int64_t* case_id) {
  std::optional<std::int64_t> department;
  if (auto denied = AuthorizeRecord(
          ctx, req, p,
          [&]() -> Result<std::int64_t> {
            auto id = case_of();
            if (!id.ok()) return id.status();
            *case_id = *id;
            return ctx.cases->CaseAgency(*id, &department);
          },
          who)) {
    return denied;
  }
  if (!who->Has(Role::kSupervisor) && !domain::InDepartmentScope(who->actor(), department)) {
    return Problem(403, "forbidden", "无权操作", "该案件不属于您所在的内设机构", &req);
  }
  return std::nullopt;
}

std::optional<Response> ByCase(ApiContext& ctx, const Request& req, Permission p,
                               services::Principal* who, std::int64_t* case_id) {
  return AuthorizeOnCase(
      ctx, req, p, [&]() -> Result<std::int64_t> { return req.IntParam("id"); }, who, case_id);
}

std::optional<Response> BySubmission(ApiContext& ctx, const Request& req, Permission p,
                                     services::Principal* who, std::int64_t* case_id) {
  return AuthorizeOnCase(
      ctx, req, p, [&] { return ctx.review->SubmissionCase(req.IntParam("id")); }, who, case_id);
}

// The agency the request is about (?agency=, else the caller's), and `p` on it.
std::optional<Response> ReadAgency(ApiContext& ctx, const Request& req, Permission p,
                                   services::Principal* who, std::int64_t* agency) {
  if (auto denied = Authenticate(ctx, req, who)) return denied;
  if (auto bad = AgencyToRead(req, *who, agency)) return bad;
  if (!domain::Allowed(who->actor(), p, *agency)) return Forbidden(req, p);
  return std::nullopt;
}

// ---- catalogue -----------------------------------------------------------------------------

Response GetCatalogue(ApiContext& ctx, const Request& req) {
  services::Principal who;
  std::int64_t agency = 0;
  if (auto denied = ReadAgency(ctx, req, Permission::kReadAgencyInternal, &who, &agency)) {
    return *denied;
  }
  return JsonOrProblem(ctx.review->Catalogue(agency), req);
}

Response PutCatalogue(ApiContext& ctx, const Request& req) {
  services::Principal who;
  std::int64_t agency = 0;
  if (auto denied = ReadAgency(ctx, req, Permission::kManageReviewCatalogue, &who, &agency)) {
    return *denied;
  }
  json::object body;
  if (auto bad = ParseJsonObject(req, &body)) return *bad;
  std::optional<std::int64_t> version;
  if (auto bad = BodyInt(body, "version", true, req, &version)) return *bad;
  const json::value* rules = body.if_contains("rules");
  if (rules == nullptr) return BadInput(req, "rules", "请提供目录清单条目 rules");
  return JsonOrProblem(ctx.review->SetCatalogue(agency, *version, *rules, who), req);
}

Response PublicCatalogue(ApiContext& ctx, const Request& req) {
  const std::int64_t agency = req.IntParam("id");
  auto a = ctx.agencies.Get(agency);
  if (!a.ok()) return Fail(a.status(), req);
  auto c = ctx.review->Catalogue(agency);
  if (!c.ok()) return Fail(c.status(), req);
  json::object o{{"agency", json::object{{"id", a->id}, {"name", a->name}}},
                 {"statutory", c->at("statutory")},
                 {"rules", c->at("rules")},
                 {"updatedAt", c->at("updatedAt")}};
  Response r = JsonResponse(std::move(o));
  r.SetHeader("Cache-Control", "public, max-age=300");
  return r;
}

// ---- submissions, opinions -----------------------------------------------------------------

Response Submit(ApiContext& ctx, const Request& req) {
  services::Principal who;
  std::int64_t case_id = 0;
  if (auto denied = ByCase(ctx, req, Permission::kHandleCases, &who, &case_id)) return *denied;
  json::object body;
  if (auto bad = ParseJsonObject(req, &body)) return *bad;
  services::SubmitReview in;
  std::optional<std::int64_t> version;
  if (auto bad = BodyInt(body, "version", true, req, &version)) return *bad;
  in.version = *version;
  if (auto bad = BodyBool(body, "vouched", req, &in.vouched)) return *bad;
  if (auto bad = BodyString(body, "legalBasis", false, req, &in.legal_basis)) return *bad;
  if (auto bad = BodyString(body, "tierReasoning", false, req, &in.tier_reasoning)) return *bad;
  if (auto bad = BodyString(body, "note", false, req, &in.note)) return *bad;
  return JsonOrProblem(ctx.review->Submit(case_id, in, who, PublicOrigin(ctx, req)), req, 201);
}

Response CaseReview(ApiContext& ctx, const Request& req) {
  services::Principal who;
  std::int64_t case_id = 0;
  if (auto denied = ByCase(ctx, req, Permission::kReadAgencyInternal, &who, &case_id)) {
    return *denied;
  }
  return JsonOrProblem(ctx.review->ForCase(case_id), req);
}

Response Queue(ApiContext& ctx, const Request& req) {
  services::Principal who;
  std::int64_t agency = 0;
  if (auto denied = ReadAgency(ctx, req, Permission::kReadAgencyInternal, &who, &agency)) {
    return *denied;
  }
  const std::string status(QueryParam(req, "status").value_or("open"));
  if (status != "open" && status != "done" && status != "all") {
    return BadInput(req, "status", "status 须为 open、done 或 all");
  }
  std::optional<std::int64_t> reviewer;
  if (QueryParam(req, "mine").value_or("") == "true") reviewer = who.user_id;
  auto items = ctx.review->Queue(agency, status, reviewer);
  if (!items.ok()) return Fail(items.status(), req);
  return JsonOrProblem(json::object{{"items", std::move(*items)}}, req);
}

Response GetSubmission(ApiContext& ctx, const Request& req) {
  services::Principal who;
  std::int64_t case_id = 0;
  if (auto denied = BySubmission(ctx, req, Permission::kReadAgencyInternal, &who, &case_id)) {
    return *denied;
  }
  auto all = ctx.review->ForCase(case_id);
  if (!all.ok()) return Fail(all.status(), req);
  for (const auto& s : all->at("submissions").as_array()) {
    if (s.at("id").as_int64() == req.IntParam("id")) return JsonOrProblem(s.as_object(), req);
  }
  return Fail(Status::NotFound("送审记录不存在"), req);
}

Response Assign(ApiContext& ctx, const Request& req) {
  services::Principal who;
  std::int64_t case_id = 0;
  if (auto denied = BySubmission(ctx, req, Permission::kHandleCases, &who, &case_id)) {
    return *denied;
  }
  json::object body;
  if (auto bad = ParseJsonObject(req, &body)) return *bad;
  std::optional<std::int64_t> reviewer;
  if (auto bad = BodyInt(body, "reviewerId", true, req, &reviewer)) return *bad;
  return JsonOrProblem(ctx.review->Assign(req.IntParam("id"), *reviewer, who), req);
}

Response Diff(ApiContext& ctx, const Request& req) {
  services::Principal who;
  std::int64_t case_id = 0;
  if (auto denied = BySubmission(ctx, req, Permission::kReadAgencyInternal, &who, &case_id)) {
    return *denied;
  }
  return JsonOrProblem(ctx.review->Diff(req.IntParam("id")), req);
}

Response PostOpinion(ApiContext& ctx, const Request& req) {
  services::Principal who;
  std::int64_t case_id = 0;
  if (auto denied = BySubmission(ctx, req, Permission::kHandleCases, &who, &case_id)) {
    return *denied;
  }
  json::object body;
  if (auto bad = ParseJsonObject(req, &body)) return *bad;
  domain::ReviewForm form;
  const json::value* findings = body.if_contains("findings");
  if (findings == nullptr || !findings->is_array() ||
      findings->as_array().size() > domain::kReviewItemCount * 2) {
    return BadInput(req, "findings", "请逐项填写八项审核内容 findings");
  }
  for (const auto& f : findings->as_array()) {
    if (!f.is_object()) return BadInput(req, "findings", "审核事项须为对象");
    const auto& o = f.as_object();
    std::string code, comment;
    bool conforms = true;
    if (auto bad = BodyString(o, "item", true, req, &code)) return *bad;
    if (auto bad = BodyBool(o, "conforms", req, &conforms)) return *bad;
    if (auto bad = BodyString(o, "comment", false, req, &comment)) return *bad;
    auto item = domain::ParseReviewItem(code);
    if (!item) return BadInput(req, "findings", fmt::format("未知的审核事项 {}", code));
    form.findings.push_back({*item, conforms, comment});
  }
  std::string opinion;
  if (auto bad = BodyString(body, "opinion", true, req, &opinion)) return *bad;
  auto parsed = domain::ParseReviewOpinion(opinion);
  if (!parsed) return BadInput(req, "opinion", "opinion 须为 approve(同意)或 problems(存在问题)");
  form.opinion = *parsed;
  if (auto bad = BodyString(body, "summary", true, req, &form.summary)) return *bad;
  return JsonOrProblem(ctx.review->Opinion(req.IntParam("id"), form, who, PublicOrigin(ctx, req)),
                       req);
}

Response Respond(ApiContext& ctx, const Request& req) {
  services::Principal who;
  std::int64_t case_id = 0;
  if (auto denied = BySubmission(ctx, req, Permission::kHandleCases, &who, &case_id)) {
    return *denied;
  }
  json::object body;
  if (auto bad = ParseJsonObject(req, &body)) return *bad;
  std::string response, reason;
  if (auto bad = BodyString(body, "response", true, req, &response)) return *bad;
  if (response != "accept" && response != "dispute") {
    return BadInput(req, "response", "response 须为 accept(接受)或 dispute(有异议)");
  }
  if (auto bad = BodyString(body, "reason", response == "dispute", req, &reason)) return *bad;
  return JsonOrProblem(ctx.review->Respond(req.IntParam("id"), response == "dispute", reason, who),
                       req);
}

Response PostMessage(ApiContext& ctx, const Request& req) {
  services::Principal who;
  std::int64_t case_id = 0;
  if (auto denied = BySubmission(ctx, req, Permission::kHandleCases, &who, &case_id)) {
    return *denied;
  }
  json::object body;
  if (auto bad = ParseJsonObject(req, &body)) return *bad;
  std::string text;
  if (auto bad = BodyString(body, "body", true, req, &text)) return *bad;
  return JsonOrProblem(ctx.review->Post(req.IntParam("id"), text, who), req, 201);
}

Response Escalate(ApiContext& ctx, const Request& req) {
  services::Principal who;
  std::int64_t case_id = 0;
  if (auto denied = ByCase(ctx, req, Permission::kHandleCases, &who, &case_id)) return *denied;
  json::object body;
  if (auto bad = ParseJsonObject(req, &body)) return *bad;
  std::optional<std::int64_t> version;
  std::string reason;
  if (auto bad = BodyInt(body, "version", true, req, &version)) return *bad;
  if (auto bad = BodyString(body, "reason", true, req, &reason)) return *bad;
  if (Status st = ctx.review->Escalate(case_id, *version, reason, who, PublicOrigin(ctx, req));
      !st.ok()) {
    return Fail(st, req);
  }
  return JsonOrProblem(ctx.review->ForCase(case_id), req);
}

Response Discuss(ApiContext& ctx, const Request& req) {
  services::Principal who;
  std::int64_t case_id = 0;
  if (auto denied = ByCase(ctx, req, Permission::kHandleCases, &who, &case_id)) return *denied;
  json::object body;
  if (auto bad = ParseJsonObject(req, &body)) return *bad;
  services::NewDiscussion in;
  std::optional<std::int64_t> version, chair, fine;
  if (auto bad = BodyInt(body, "version", true, req, &version)) return *bad;
  in.version = *version;
  if (auto bad = BodyString(body, "heldOn", true, req, &in.held_on)) return *bad;
  if (auto bad = BodyString(body, "place", true, req, &in.place)) return *bad;
  if (auto bad = BodyInt(body, "chairId", true, req, &chair)) return *bad;
  in.chair_id = *chair;
  if (auto bad = BodyString(body, "question", true, req, &in.question)) return *bad;
  if (auto bad = BodyString(body, "decision", true, req, &in.decision)) return *bad;
  if (auto bad = BodyInt(body, "fine", false, req, &fine)) return *bad;
  in.fine = fine;
  if (auto bad = BodyString(body, "tierCode", false, req, &in.tier_code)) return *bad;
  std::string outcome;
  if (auto bad = BodyString(body, "outcome", true, req, &outcome)) return *bad;
  in.outcome = domain::ParseOutcome(outcome);
  if (!in.outcome) return BadInput(req, "outcome", "未知的处理意见");
  const json::value* attendees = body.if_contains("attendeeIds");
  if (attendees == nullptr || !attendees->is_array() || attendees->as_array().size() > 50) {
    return BadInput(req, "attendeeIds", "请列出出席人员 attendeeIds(不超过 50 人)");
  }
  for (const auto& a : attendees->as_array()) {
    if (!a.is_int64()) return BadInput(req, "attendeeIds", "出席人员须为用户编号");
    in.attendee_ids.push_back(a.as_int64());
  }
  const json::value* opinions = body.if_contains("opinions");
  if (opinions == nullptr || !opinions->is_array() || opinions->as_array().size() > 50) {
    return BadInput(req, "opinions", "请记录每位出席人员的意见 opinions");
  }
  for (const auto& o : opinions->as_array()) {
    if (!o.is_object()) return BadInput(req, "opinions", "意见须为对象 {userId, opinion}");
    std::optional<std::int64_t> user;
    std::string text;
    if (auto bad = BodyInt(o.as_object(), "userId", true, req, &user)) return *bad;
    if (auto bad = BodyString(o.as_object(), "opinion", true, req, &text)) return *bad;
    in.opinions.emplace_back(*user, std::move(text));
  }
  return JsonOrProblem(ctx.review->Discuss(case_id, in, who, PublicOrigin(ctx, req)), req, 201);
}

Response Responsibility(ApiContext& ctx, const Request& req) {
  services::Principal who;
  std::int64_t case_id = 0;
  if (auto denied = ByCase(ctx, req, Permission::kReadAgencyInternal, &who, &case_id)) {
    return *denied;
  }
  return JsonOrProblem(ctx.review->Responsibility(case_id), req);
}

Response Stats(ApiContext& ctx, const Request& req) {
  services::Principal who;
  std::int64_t agency = 0;
  if (auto denied = ReadAgency(ctx, req, Permission::kReadAgencyInternal, &who, &agency)) {
    return *denied;
  }
  std::optional<domain::Date> from, to;
  if (auto bad = DateParam(req, "from", false, &from)) return *bad;
  if (auto bad = DateParam(req, "to", false, &to)) return *bad;
  const std::string lo = from ? domain::FormatDate(*from) : "0000-01-01";
  const std::string hi = to ? domain::FormatDate(*to) : "9999-12-31";
  return JsonOrProblem(ctx.review->Stats(agency, lo, hi), req);
}

}  // namespace

void RegisterReviewRoutes(Router& router, ApiContext& ctx) {
  const RouteOptions read{.max_body = 0, .blocking = true};
  const RouteOptions write{.max_body = 64 * 1024, .blocking = true};
  router.Add("GET", "/api/v1/review/catalogue", Bind(ctx, GetCatalogue), read);
  router.Add("PUT", "/api/v1/review/catalogue", Bind(ctx, PutCatalogue), write);
  router.Add("GET", "/api/v1/public/agencies/{id:int}/review-catalogue", Bind(ctx, PublicCatalogue),
             read);
  router.Add("POST", "/api/v1/cases/{id:int}/review/submissions", Bind(ctx, Submit), write);
  router.Add("GET", "/api/v1/cases/{id:int}/review", Bind(ctx, CaseReview), read);
  router.Add("POST", "/api/v1/cases/{id:int}/review/escalate", Bind(ctx, Escalate), write);
  router.Add("POST", "/api/v1/cases/{id:int}/discussions", Bind(ctx, Discuss), write);
  router.Add("GET", "/api/v1/cases/{id:int}/responsibility", Bind(ctx, Responsibility), read);
  router.Add("GET", "/api/v1/review/queue", Bind(ctx, Queue), read);
  router.Add("GET", "/api/v1/review/stats", Bind(ctx, Stats), read);
  router.Add("GET", "/api/v1/review/submissions/{id:int}", Bind(ctx, GetSubmission), read);
  router.Add("POST", "/api/v1/review/submissions/{id:int}/assign", Bind(ctx, Assign), write);
  router.Add("GET", "/api/v1/review/submissions/{id:int}/diff", Bind(ctx, Diff), read);
  router.Add("POST", "/api/v1/review/submissions/{id:int}/opinion", Bind(ctx, PostOpinion), write);
  router.Add("POST", "/api/v1/review/submissions/{id:int}/response", Bind(ctx, Respond), write);
  router.Add("POST", "/api/v1/review/submissions/{id:int}/messages", Bind(ctx, PostMessage), write);
}

}  // namespace sx::http
