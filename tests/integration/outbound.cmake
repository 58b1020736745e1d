# Outbound HTTP tests; include()d from tests/integration/CMakeLists.txt. Paths are relative to
# this file, so it works from any including directory.

# OutboundHttpClient against fake servers started in the test process on 127.0.0.1 (plain HTTP,
# HTTPS with a CA made by the openssl CLI, raw TCP for misbehaviour); nothing leaves the machine.
add_executable(outbound_http_test ${CMAKE_CURRENT_LIST_DIR}/OutboundHttpTest.cpp)
target_link_libraries(outbound_http_test PRIVATE apiary_host GTest::gtest_main)
gtest_discover_tests(outbound_http_test TEST_PREFIX "outbound." PROPERTIES TIMEOUT 120)

# The SDK side: FakeHttp, and HttpClient through the fake host. No sockets.
add_executable(fake_http_test ${CMAKE_CURRENT_LIST_DIR}/../unit/FakeHttpTest.cpp)
target_link_libraries(fake_http_test PRIVATE apiary_testing GTest::gtest_main)
gtest_discover_tests(fake_http_test TEST_PREFIX "unit.")
