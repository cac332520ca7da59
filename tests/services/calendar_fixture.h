// A 2027 holiday schedule for tests. Invented (the State Council had not published 2027 when
// these tests were written): 元旦 01-01…01-03, 春节 02-06…02-12 with 02-20 worked.
#pragma once

#include <string>
#include <string_view>

#include <fmt/format.h>

namespace sx::testing {

inline constexpr std::string_view kNotice2027 =
    "国务院办公厅关于2027年部分节假日安排的通知(测试数据)";

// `spring_to` moves the end of 春节 (a different, conflicting version 1 when not "02-12").
inline std::string Calendar2027(std::string_view spring_to = "02-12",
                                std::string_view makeup = "2027-02-20") {
  return fmt::format(R"({{
  "format": "sanxiang.calendar/1",
  "region": "CN",
  "years": [
    {{
      "year": 2027,
      "versions": [
        {{
          "version": 1,
          "notice": "{}",
          "number": "",
          "holidays": [
            {{"name": "元旦", "from": "2027-01-01", "to": "2027-01-03"}},
            {{"name": "春节", "from": "2027-02-06", "to": "2027-{}"}}
          ],
          "workdays": [
            {{"date": "{}", "for": "春节"}}
          ]
        }}
      ]
    }}
  ]
}}
)",
                     kNotice2027, spring_to, makeup);
}

}  // namespace sx::testing
