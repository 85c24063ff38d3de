// The IMAP side of a support mailbox: one logged-in connection to the folder mail is fetched from,
// with the few commands the fetcher needs (search for unprocessed mail, fetch raw bytes, mark it
// processed by flag, move or delete). libcurl makes the connection, does TLS or STARTTLS (peers
// verified) and logs in; the commands themselves are spoken here, because libcurl 7.88 cannot return
// the literal of a custom FETCH (so no BODY.PEEK[]) and its URL fetch sets \Seen.
//
// Errors are values. Every message may include the server's answer, never the password.
//   unavailable   cannot connect, TLS failed, timed out, connection lost, login refused
//                 ("login refused: NO [AUTHENTICATIONFAILED] Authentication failed."), or the server
//                 refused a command ("UID MOVE refused: NO ...")
//   invalid_field a setting is unusable (field "host", "port", "username", "folder", "move_to"),
//                 the folder cannot be selected (field "folder"), or a message is over the size
//                 limit (field "size")
//   not_found     no message with that UID in the folder
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "channel/email/types.h"
#include "common/error.h"

namespace techdesk::email {

// One IMAP connection with settings.folder SELECTed (read-write). It owns its libcurl handle and
// socket; the destructor logs out (waiting at most a few seconds) and closes them.
// Not thread-safe: use a session from one thread at a time. After an I/O error or a timeout the
// session is broken: every later call fails with unavailable, and the owner opens a new one.
// Each command waits for its answer until the server has been silent for `timeout` (the value given
// to open), and at most 10 × `timeout` in all.
class ImapSession {
 public:
  // Connects, logs in and SELECTs s.folder. Security::tls uses imaps://, starttls imap:// with
  // STARTTLS required, none plain imap://. Fails with unavailable ("cannot connect to host:port:
  // ...", "TLS with host:port failed: ...", "timed out ...", "login refused: <server answer>") or
  // invalid_field ("folder": the folder does not exist or cannot be selected).
  static Result<std::unique_ptr<ImapSession>> open(const ImapSettings& s,
                                                   std::chrono::seconds timeout = std::chrono::seconds(30));
  ~ImapSession();
  ImapSession(const ImapSession&) = delete;
  ImapSession& operator=(const ImapSession&) = delete;

  // UIDs of messages still to process, ascending: UID SEARCH UNDELETED UNSEEN (in flag mode
  // processed mail is marked \Seen; in move and remove modes it leaves the folder).
  Result<std::vector<std::uint32_t>> pending_uids();

  std::uint32_t uidvalidity() const;  // from SELECT; UIDs are only meaningful with it
  std::size_t exists() const;         // message count from SELECT, kept current by EXISTS/EXPUNGE

  // The message's raw RFC 822 bytes as the server hands them out (BODY.PEEK[], so \Seen is left
  // alone). Never transfers more than max_bytes + 1 bytes: a bigger message fails with invalid_field
  // "size" — the caller records it, skips it and marks it processed so the fetcher never stalls.
  // No message with that UID: not_found.
  Result<std::string> fetch(std::uint32_t uid, std::size_t max_bytes);

  // RFC822.SIZE. No message with that UID: not_found.
  Result<std::uint64_t> size_of(std::uint32_t uid);

  // UID STORE +FLAGS (\Seen). A UID that is already gone is not an error.
  Result<void> mark_seen(std::uint32_t uid);

  // UID MOVE when the server announces MOVE (RFC 6851), else UID COPY, \Deleted and UID EXPUNGE
  // (plain EXPUNGE when the server lacks UIDPLUS, which also expunges other mail already marked
  // \Deleted in the folder). The target folder is created when the server says TRYCREATE.
  Result<void> move(std::uint32_t uid, const std::string& folder);

  // \Deleted, then UID EXPUNGE (or EXPUNGE, as for move).
  Result<void> remove(std::uint32_t uid);

  struct Impl;

 private:
  explicit ImapSession(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

// For the admin's "test connection" button: logs in, selects the folder and logs out. Answers e.g.
// "INBOX: 12 messages"; fails as ImapSession::open does.
Result<std::string> test_imap(const ImapSettings& s, std::chrono::seconds timeout = std::chrono::seconds(15));

// The name IMAP uses on the wire for a folder: modified UTF-7 (RFC 3501 §5.1.3), e.g. "已处理" →
// "&XfJZBHQG-", "R&D" → "R&-D". Fails with invalid_field `field` on invalid UTF-8, an empty name, or
// CR, LF or NUL in it. Exposed for tests.
Result<std::string> imap_utf7_folder(const std::string& utf8, const std::string& field = "folder");

}  // namespace techdesk::email
