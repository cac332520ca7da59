// A fixed-size pool of connections shared by the worker threads of one process.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

#include "store/database.h"

namespace sx::store {

template <typename Conn>
class Pool {
 public:
  using Factory = std::function<std::unique_ptr<Conn>(Status*)>;
  Pool(int capacity, std::chrono::milliseconds acquire_timeout, Factory factory)
      : capacity_(capacity), acquire_timeout_(acquire_timeout), factory_(std::move(factory)) {}

  // A connection on loan; returns itself to the pool when destroyed unless Discard()ed.
  class Lease {
   public:
    Lease(Pool* pool, std::unique_ptr<Conn> c) : pool_(pool), conn_(std::move(c)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() {
      if (pool_) pool_->Return(std::move(conn_));
    }
    Conn& operator*() { return *conn_; }
    Conn* operator->() { return conn_.get(); }
    void Discard() { conn_.reset(); }

   private:
    Pool* pool_;
    std::unique_ptr<Conn> conn_;
  };

  // Lends a connection, opening a new one while below capacity. Fails with kUnavailable when
  // none frees up within the acquire timeout or a new one cannot be opened.
  Result<std::unique_ptr<Lease>> Acquire() {
    std::unique_lock lock(mu_);
    if (idle_.empty() && open_ >= capacity_) {
      ++waits_;
      if (!cv_.wait_for(lock, acquire_timeout_, [&] { return !idle_.empty() || open_ < capacity_; })) {
        return Status::Unavailable("数据库连接池已满,请稍后重试");
      }
    }
    if (!idle_.empty()) {
      auto c = std::move(idle_.front());
      idle_.pop_front();
      ++in_use_;
      return std::make_unique<Lease>(this, std::move(c));
    }
    ++open_;  // reserve the slot, then connect without holding the lock
    lock.unlock();
    Status st;
    auto c = factory_(&st);
    lock.lock();
    if (!c) {
      --open_;
      cv_.notify_one();
      return st;
    }
    ++in_use_;
    return std::make_unique<Lease>(this, std::move(c));
  }

  PoolStats Stats() const {
    std::lock_guard lock(mu_);
    return PoolStats{open_, in_use_, waits_};
  }

 private:
  void Return(std::unique_ptr<Conn> c) {
    std::lock_guard lock(mu_);
    --in_use_;
    if (c) {
      idle_.push_back(std::move(c));
    } else {
      --open_;  // discarded (broken) connection
    }
    cv_.notify_one();
  }

  const int capacity_;
  const std::chrono::milliseconds acquire_timeout_;
  const Factory factory_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::unique_ptr<Conn>> idle_;
  int open_ = 0;
  int in_use_ = 0;
  std::int64_t waits_ = 0;
};

}  // namespace sx::store
