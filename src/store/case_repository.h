// Storage of the powers list, cases, their officers, recusals, timeline and documents, and the
// number sequences (文号). One implementation: the SQL is the same on SQLite and PostgreSQL.
// Structured parts (tiers, party details, workflow state, document inputs) are JSON text that
// the services read and write.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.h"
#include "util/status.h"

namespace sx::store {

struct PowerItemRow {
  std::int64_t id = 0;
  std::int64_t agency_id = 0;
  std::string code;
  std::string category;
  std::string name;
  std::string basis;
  std::string duties;
  std::string time_limit;
  std::string enforcement_category;
  std::optional<std::int64_t> fine_min;
  std::optional<std::int64_t> fine_max;
  std::string tiers;  // JSON
  std::string tier_rule;
  bool active = true;
  std::string created_at;
  std::string updated_at;
};

struct CaseRow {
  std::int64_t id = 0;
  std::int64_t agency_id = 0;
  std::optional<std::int64_t> department_id;
  std::string number;
  std::int64_t power_item_id = 0;
  std::string procedure;
  std::string stage;
  std::string cause;
  std::string source;
  std::string area;
  std::string party_kind;
  std::string party_name;
  std::string party_id_number;
  std::string party;  // JSON
  std::string facts;  // JSON
  std::string flow;   // JSON
  std::optional<std::string> filed_on;
  std::int64_t version = 1;
  std::int64_t created_by = 0;
  std::string created_at;
  std::string updated_at;
};

struct CaseOfficerRow {
  std::int64_t officer_id = 0;
  int position = 0;
  bool recused = false;
};

struct RecusalRow {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::int64_t officer_id = 0;
  std::string requested_by;
  std::string reason;
  bool decided = false;
  bool approved = false;
  std::string decision_reason;
  std::optional<std::int64_t> decided_by;
  std::optional<std::string> decided_at;
  std::int64_t created_by = 0;
  std::string created_at;
};

struct CaseEventRow {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  int seq = 0;
  std::string action;
  std::string from_stage;
  std::string to_stage;
  std::int64_t actor_id = 0;
  std::string at;
  std::string reason;
  std::string data;  // JSON
  std::optional<std::int64_t> document_id;
};

struct DocumentRow {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::int64_t agency_id = 0;
  std::string type;
  int version = 1;
  std::string status = "draft";
  std::string inputs;  // JSON
  std::optional<std::string> number;
  std::optional<int> year;
  std::optional<std::int64_t> serial;
  std::optional<std::string> pdf_digest;
  std::optional<std::int64_t> pdf_size;
  std::optional<std::string> issued_on;
  std::optional<std::string> issued_at;
  std::optional<std::int64_t> issued_by;
  std::int64_t created_by = 0;
  std::string created_at;
  std::string updated_at;
};

struct SignoffRow {
  std::string role;
  std::int64_t user_id = 0;
  std::string at;
};

struct CaseFilter {
  std::optional<std::int64_t> agency_id;
  std::optional<std::string> stage;
  std::optional<std::string> text;  // in number, cause, party name or id number
  std::optional<std::string> party_id_number;
  int limit = 500;
};

struct CaseDeadlineRef {
  std::int64_t id = 0;
  std::string rule_code;
  bool open = true;
};

class CaseRepository {
 public:
  // The deadlines opened for an object ("case:12"), oldest first.
  Result<std::vector<CaseDeadlineRef>> DeadlinesOf(Tx& tx, std::string_view object);

  // Powers list.
  Result<PowerItemRow> InsertPowerItem(Tx& tx, const PowerItemRow& p);
  Status UpdatePowerItem(Tx& tx, const PowerItemRow& p);
  Result<PowerItemRow> GetPowerItem(Tx& tx, std::int64_t id);
  Result<std::vector<PowerItemRow>> ListPowerItems(Tx& tx, std::optional<std::int64_t> agency_id);

  // The next number of a sequence (文号, 案件编号) for `agency_id`, `kind` and `year`: 1, 2, …
  // in the transaction's order, with no gaps once committed.
  Result<std::int64_t> NextNumber(Tx& tx, std::int64_t agency_id, std::string_view kind, int year);

  Result<CaseRow> InsertCase(Tx& tx, const CaseRow& c);
  // Writes every mutable column and increments `version`, only when the stored version is
  // `c.version`; kConflict otherwise (someone else changed the case).
  Status UpdateCase(Tx& tx, const CaseRow& c);
  Result<CaseRow> GetCase(Tx& tx, std::int64_t id);
  Result<std::vector<CaseRow>> ListCases(Tx& tx, const CaseFilter& f);

  Result<std::vector<CaseOfficerRow>> Officers(Tx& tx, std::int64_t case_id);
  Status SetOfficers(Tx& tx, std::int64_t case_id, const std::vector<CaseOfficerRow>& officers);

  Result<RecusalRow> InsertRecusal(Tx& tx, const RecusalRow& r);
  Status DecideRecusal(Tx& tx, const RecusalRow& r);
  Result<RecusalRow> GetRecusal(Tx& tx, std::int64_t id);
  Result<std::vector<RecusalRow>> Recusals(Tx& tx, std::int64_t case_id);

  Result<CaseEventRow> AppendEvent(Tx& tx, const CaseEventRow& e);  // seq assigned
  Result<std::vector<CaseEventRow>> Events(Tx& tx, std::int64_t case_id);

  Result<DocumentRow> InsertDocument(Tx& tx, const DocumentRow& d);
  // A new version of a draft's inputs, only when the stored version is `expected_version`.
  Status UpdateDocumentInputs(Tx& tx, std::int64_t id, int expected_version,
                              std::string_view inputs, std::int64_t actor_id, std::string_view now);
  Status MarkIssued(Tx& tx, const DocumentRow& d);
  Result<DocumentRow> GetDocument(Tx& tx, std::int64_t id);
  Result<DocumentRow> GetDocumentByNumber(Tx& tx, std::string_view number);
  Result<std::vector<DocumentRow>> Documents(Tx& tx, std::int64_t case_id);
  Status AddSignoff(Tx& tx, std::int64_t document_id, int version, const SignoffRow& s);
  Result<std::vector<SignoffRow>> Signoffs(Tx& tx, std::int64_t document_id, int version);
};

}  // namespace sx::store
