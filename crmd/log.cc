#include "crmd/log.h"

#include <qb/qblog.h>
#include <syslog.h>

#include <chrono>
#include <cstdio>
#include <ctime>

namespace keel {

namespace {

std::string Stamp() {
  auto now = std::chrono::system_clock::now();
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count();
  time_t secs = static_cast<time_t>(us / 1000000);
  tm parts{};
  gmtime_r(&secs, &parts);
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", parts.tm_year + 1900,
                parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec,
                static_cast<long long>(us % 1000000));
  return buf;
}

}  // namespace

bool InitLogging(const std::string& log_file, bool to_stderr) {
  qb_log_init("crmd", LOG_DAEMON, LOG_INFO);
  qb_log_ctl(QB_LOG_SYSLOG, QB_LOG_CONF_ENABLED, QB_FALSE);
  if (to_stderr) {
    qb_log_filter_ctl(QB_LOG_STDERR, QB_LOG_FILTER_ADD, QB_LOG_FILTER_FILE, "*", LOG_INFO);
    qb_log_format_set(QB_LOG_STDERR, "%b");
    qb_log_ctl(QB_LOG_STDERR, QB_LOG_CONF_ENABLED, QB_TRUE);
  }
  if (!log_file.empty()) {
    int32_t target = qb_log_file_open(log_file.c_str());
    if (target < 0) {
      std::fprintf(stderr, "crmd: cannot open log file %s\n", log_file.c_str());
      return false;
    }
    qb_log_filter_ctl(target, QB_LOG_FILTER_ADD, QB_LOG_FILTER_FILE, "*", LOG_INFO);
    qb_log_format_set(target, "%b");
    qb_log_ctl(target, QB_LOG_CONF_FILE_SYNC, QB_FALSE);
    qb_log_ctl(target, QB_LOG_CONF_ENABLED, QB_TRUE);
  }
  return true;
}

void Log(const std::string& line) {
  std::string stamped = Stamp() + " " + line;
  qb_log_from_external_source(__func__, __FILE__, "%s", LOG_INFO, __LINE__, 0, stamped.c_str());
}

void CloseLogging() { qb_log_fini(); }

}  // namespace keel
