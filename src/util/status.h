// Status and Result<T>: the one error policy for domain, storage and services.
// Ordinary failures are values; exceptions are kept for start-up and configuration.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace sx {

enum class Code {
  kOk,
  kInvalid,      // the caller's input is wrong (HTTP 400/422)
  kNotFound,     // HTTP 404
  kConflict,     // duplicate or state conflict (HTTP 409)
  kPermission,   // not allowed (HTTP 403)
  kUnauthenticated,  // no valid sign-in (HTTP 401)
  kTooManyRequests,  // throttled or locked out for a while (HTTP 429)
  kUnavailable,  // a dependency is down; retry later (HTTP 503)
  kInternal,     // a bug or an unexpected failure (HTTP 500)
};

class Status {
 public:
  Status() = default;
  static Status Ok() { return Status(); }
  static Status Invalid(std::string m) { return Status(Code::kInvalid, std::move(m)); }
  static Status NotFound(std::string m) { return Status(Code::kNotFound, std::move(m)); }
  static Status Conflict(std::string m) { return Status(Code::kConflict, std::move(m)); }
  static Status Permission(std::string m) { return Status(Code::kPermission, std::move(m)); }
  static Status Unauthenticated(std::string m) { return Status(Code::kUnauthenticated, std::move(m)); }
  static Status TooManyRequests(std::string m) { return Status(Code::kTooManyRequests, std::move(m)); }
  static Status Unavailable(std::string m) { return Status(Code::kUnavailable, std::move(m)); }
  static Status Internal(std::string m) { return Status(Code::kInternal, std::move(m)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  // A message a person can act on, in Chinese when it reaches users.
  const std::string& message() const { return message_; }
  // Which input field the problem is about, if any (for 4xx responses).
  const std::string& field() const { return field_; }
  Status&& WithField(std::string f) && {
    field_ = std::move(f);
    return std::move(*this);
  }

 private:
  Status(Code c, std::string m) : code_(c), message_(std::move(m)) {}
  Code code_ = Code::kOk;
  std::string message_;
  std::string field_;
};

template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Status s) : v_(std::move(s)) {      // NOLINT(google-explicit-constructor)
    assert(!std::get<Status>(v_).ok());
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T& value() & { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(v_); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace sx

// Returns early from the enclosing function when `expr` (a Status) is not ok.
#define SX_RETURN_IF_ERROR(expr)         \
  do {                                   \
    ::sx::Status sx_status_ = (expr);    \
    if (!sx_status_.ok()) return sx_status_; \
  } while (0)
