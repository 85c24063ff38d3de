// A non-owning reference to a callable, for callbacks that do not outlive the call that receives
// them (transaction bodies). Cheaper than std::function: no allocation, one indirect call.
#pragma once

#include <memory>
#include <type_traits>
#include <utility>

namespace techdesk {

template <class Sig>
class FunctionRef;

template <class R, class... Args>
class FunctionRef<R(Args...)> {
 public:
  template <class F>
  requires(!std::is_same_v<std::remove_cvref_t<F>, FunctionRef> && std::is_invocable_r_v<R, F&, Args...>)
      FunctionRef(F&& f)  // NOLINT: implicit by design
      : m_obj(const_cast<void*>(static_cast<const void*>(std::addressof(f)))),
        m_call([](void* obj, Args... args) -> R {
          return (*static_cast<std::remove_reference_t<F>*>(obj))(std::forward<Args>(args)...);
        }) {}

  R operator()(Args... args) const { return m_call(m_obj, std::forward<Args>(args)...); }

 private:
  void* m_obj;
  R (*m_call)(void*, Args...);
};

}  // namespace techdesk
