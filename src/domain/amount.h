// Amounts as printed on enforcement documents: 大写金额 (the anti-alteration numerals of Chinese
// financial documents) and plain figures. Whole yuan only, like every amount in a penalty case.
#pragma once

#include <cstdint>
#include <string>

#include "util/status.h"

namespace sx::domain {

// 大写金额: 12345 → "壹万贰仟叁佰肆拾伍元整", 100100 → "壹拾万零壹佰元整", 0 → "零元整".
// Tens keep their digit (10 → "壹拾元整"), as banks require; one 零 stands for any run of zeros
// between non-zero digits. kInvalid (field "amount") for negative amounts or 10^12 yuan and more.
Result<std::string> ChineseAmount(std::int64_t yuan);

// Figures as the documents print them beside the 大写: 30000 → "30000元".
std::string FormatYuan(std::int64_t yuan);

}  // namespace sx::domain
