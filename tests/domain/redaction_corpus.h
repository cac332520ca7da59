// Generated 行政处罚决定书 of 郑州住房公积金管理中心 (a unit, or a natural person keeping a
// 个体工商户, that did not register its employees for 住房公积金, 住房公积金管理条例 第37条), each
// with the personal data it carries, for testing redaction end to end: every listed datum must be
// gone after redaction, while the unit, its 统一社会信用代码 and the officers stay.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/redaction.h"

namespace sx::domain {

struct CorpusDecision {
  std::string text;
  // What the case knows: persons (some left out, to be found by label), some addresses; kept:
  // the officers, the unit, the agency's phone and account.
  RedactionContext context;
  // Must not survive redaction: full names, given names of two characters or more, ID numbers,
  // phone numbers, accounts, addresses, certificate numbers, manual masks. Numbers are listed as
  // written and bare, so a test can compare their digits whatever the separators.
  std::vector<std::string> personal_data;
  std::string party_name;
  bool party_is_person = false;
  std::string credit_code;  // the party's, or the 个体工商户's when the party is its keeper
  std::string unit_name;    // likewise
  std::vector<std::string> officers;      // 执法人员, published by name
  std::vector<std::string> certificates;  // their 执法证号 (豫A12345678), published too
  std::vector<std::string> masked_names;  // surname + 某某 of every person named
};

// `count` decisions, the same for the same seed on every platform (its own generator, not
// <random>'s distributions, which differ between standard libraries). Valid ID numbers have their
// check character and a real birth date; credit codes their check character.
std::vector<CorpusDecision> GenerateRedactionCorpus(std::uint32_t seed, int count);

}  // namespace sx::domain
