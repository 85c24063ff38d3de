# techdesk_lib(NAME SOURCES ... DEPS ...): one static library per capability, declared uniformly.
function(techdesk_lib name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(techdesk_${name} STATIC ${ARG_SOURCES})
  target_include_directories(techdesk_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_compile_features(techdesk_${name} PUBLIC cxx_std_20)
  target_compile_options(techdesk_${name} PRIVATE ${TECHDESK_WARNINGS})
  if(ARG_DEPS)
    target_link_libraries(techdesk_${name} PUBLIC ${ARG_DEPS})
  endif()
endfunction()

# techdesk_test(NAME SOURCES ... DEPS ...): one GoogleTest executable registered with CTest.
function(techdesk_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_compile_options(${name} PRIVATE ${TECHDESK_WARNINGS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest_main GTest::gmock)
  # Discovered when ctest runs, so suites parameterised by the environment (the PostgreSQL backend
  # appears when TECHDESK_TEST_PG_URL is set) list every instance.
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 30 DISCOVERY_MODE PRE_TEST PROPERTIES LABELS "${ARG_LABELS}")
endfunction()
