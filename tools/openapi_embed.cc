// Build tool: converts docs/openapi.yaml into a C++ source that holds it as JSON, so the server
// serves /api/v1/openapi.json without a YAML parser at run time. Fails the build on bad YAML.
//   openapi_embed IN.yaml OUT.cc
#include <charconv>
#include <fstream>
#include <iostream>
#include <regex>
#include <string>

#include <boost/json.hpp>
#include <yaml-cpp/yaml.h>

namespace json = boost::json;

namespace {

// YAML 1.2 core schema resolution for plain (unquoted) scalars.
json::value Scalar(const YAML::Node& n) {
  const std::string& s = n.Scalar();
  if (n.Tag() == "!") return json::string(s);  // quoted: always a string
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  static const std::regex kInt("[-+]?[0-9]+");
  static const std::regex kFloat(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
  if (std::regex_match(s, kInt)) {
    long long v = 0;
    auto r = std::from_chars(s.data() + (s[0] == '+'), s.data() + s.size(), v);
    if (r.ec == std::errc()) return v;
  }
  if (std::regex_match(s, kFloat)) return std::stod(s);
  return json::string(s);
}

json::value Convert(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nullptr;
    case YAML::NodeType::Scalar:
      return Scalar(n);
    case YAML::NodeType::Sequence: {
      json::array a;
      for (const auto& item : n) a.push_back(Convert(item));
      return a;
    }
    case YAML::NodeType::Map: {
      json::object o;
      for (const auto& kv : n) o[kv.first.Scalar()] = Convert(kv.second);
      return o;
    }
  }
  return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: openapi_embed IN.yaml OUT.cc\n";
    return 2;
  }
  try {
    json::value doc = Convert(YAML::LoadFile(argv[1]));
    if (!doc.is_object() || !doc.as_object().contains("openapi")) {
      std::cerr << argv[1] << ": not an OpenAPI document (no 'openapi' key)\n";
      return 1;
    }
    std::ofstream out(argv[2]);
    out << "// Generated from docs/openapi.yaml by tools/openapi_embed. Do not edit.\n"
        << "#include \"http/api.h\"\n\nnamespace sx::http {\n\n"
        << "const std::string& OpenApiJson() {\n"
        << "  static const std::string k = R\"__sx__(" << json::serialize(doc) << ")__sx__\";\n"
        << "  return k;\n}\n\n}  // namespace sx::http\n";
    return out ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << argv[1] << ": " << e.what() << "\n";
    return 1;
  }
}
