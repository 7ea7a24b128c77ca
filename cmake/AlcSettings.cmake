# One settings target that every project target links: language level, warnings, strict Qt defines.
add_library(alc_settings INTERFACE)
target_compile_features(alc_settings INTERFACE cxx_std_20)
target_compile_options(alc_settings INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
    -Woverloaded-virtual -Wimplicit-fallthrough)
target_compile_definitions(alc_settings INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_URL_CAST_FROM_STRING
    QT_USE_QSTRINGBUILDER
    QT_NO_KEYWORDS
    QT_DISABLE_DEPRECATED_UP_TO=0x060400
    ALC_VERSION="${PROJECT_VERSION}")
# QT_NO_CONTEXTLESS_CONNECT only exists from Qt 6.7; Debian 12 ships 6.4, so the habit is kept by review.

if(ALC_FUZZ)
    set(ALC_SANITIZE ON)
    # Coverage feedback from the code under test, not only from the fuzz targets' own sources:
    # without it libFuzzer cannot see which branches of core an input reached.
    target_compile_options(alc_settings INTERFACE -fsanitize=fuzzer-no-link)
endif()
option(ALC_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
if(ALC_SANITIZE)
    target_compile_options(alc_settings INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
        -fno-sanitize-recover=undefined)
    target_link_options(alc_settings INTERFACE -fsanitize=address,undefined)
endif()

# Registers one QtTest executable; every test runs on the offscreen platform.
function(alc_add_test name)
    cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
    qt_add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE alc_settings Qt6::Test ${ARG_LIBS})
    add_test(NAME ${name} COMMAND ${name})
    set_tests_properties(${name} PROPERTIES
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;ALC_TEST_DATA=${PROJECT_SOURCE_DIR}/tests/data;ALC_EXE=$<TARGET_FILE:allowlist-console>"
        TIMEOUT 300)
endfunction()
