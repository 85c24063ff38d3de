// The SMTP side of a support mailbox: hands one rendered message to the mailbox's submission server
// (libcurl SMTP: smtps:// for Security::tls, smtp:// with STARTTLS required for starttls, plain
// smtp:// for none; TLS peers are verified). No queue and no retries here: the caller's job queue
// decides from SmtpOutcome whether to retry.
// Thread-safe: every call makes and frees its own connection; nothing is shared between calls.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "channel/email/types.h"
#include "common/error.h"

namespace techdesk::email {

// How a send went.
struct SmtpOutcome {
  bool ok = false;
  bool permanent = false;  // the server's last reply was 5xx (or the request itself is unusable):
                           // retrying the same message will not help
  int code = 0;            // the server's last reply code (0 when no connection or no reply)
  std::string answer;      // the server's last reply, e.g. "550 5.1.1 <x@y>: Recipient address rejected",
                           // or what went wrong when there was none; never contains the password
};

// Sends `raw` (RFC 5322 bytes with CRLF line ends; libcurl does the dot-stuffing and adds a final
// CRLF if `raw` lacks one) to `recipients` with envelope sender `from` (bare addr-specs, no <>; an
// empty `from` sends the null sender <> for bounces). Blocking: gives up after `timeout` in all.
//
// All or nothing: if the server refuses any recipient, the transaction is abandoned before DATA and
// nobody gets the message (ok false; code, answer and permanent from that RCPT reply, so the answer
// names the address). libcurl's CURLOPT_MAIL_RCPT_ALLOWFAILS is deliberately not used: with it a
// partly refused send would have reached some recipients, and the caller's retry would send them
// duplicates.
//
// When SmtpSettings::username is set and the server offers AUTH, it logs in (libcurl picks the
// mechanism); a server that offers no AUTH gets the mail unauthenticated — test_smtp reports that.
// Invalid settings or addresses give ok false, permanent true, code 0.
SmtpOutcome smtp_send(const SmtpSettings& s, const std::string& from,
                      const std::vector<std::string>& recipients, std::string_view raw,
                      std::chrono::seconds timeout = std::chrono::seconds(60));

// For the admin's "test connection" button: connects, EHLO, STARTTLS when configured, AUTH when a
// user name is set, NOOP and QUIT. Answers with the server's greeting, e.g.
// "220 mail.example.cn ESMTP ready", plus "; logged in as support" after AUTH.
// Fails with invalid_field ("host", "port") for unusable settings and unavailable otherwise, the
// message carrying the server's answer ("login refused: 535 5.7.8 Authentication failed", "server
// offers no AUTH, so user support cannot log in: ..."); never the password.
Result<std::string> test_smtp(const SmtpSettings& s, std::chrono::seconds timeout = std::chrono::seconds(15));

}  // namespace techdesk::email
