#pragma once
// A school (學校): its code, as the agency's records and school accounts
// name it, and its name.

#include <string>

namespace soas::domain {

struct School {
  std::string code;
  std::string name;
};

}  // namespace soas::domain
