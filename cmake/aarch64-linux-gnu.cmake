# Cross-compile for Linux arm64 with Debian's cross gcc, and run what is
# built (ctest, try_run) under qemu user-mode emulation:
#
#   apt-get install -y gcc-aarch64-linux-gnu qemu-user
#   cmake -S . -B build-arm64 -DCMAKE_TOOLCHAIN_FILE=cmake/aarch64-linux-gnu.cmake -DBUILD_TESTING=OFF
#   cmake --build build-arm64 -j2
#   qemu-aarch64 -L /usr/aarch64-linux-gnu build-arm64/racedemo counter

set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(RACEDEMO_CROSS_TRIPLE aarch64-linux-gnu)
set(CMAKE_C_COMPILER ${RACEDEMO_CROSS_TRIPLE}-gcc)
set(CMAKE_CROSSCOMPILING_EMULATOR "qemu-aarch64;-L;/usr/${RACEDEMO_CROSS_TRIPLE}")

# Headers and libraries: the cross sysroot (/usr/aarch64-linux-gnu) only,
# never the host's: Debian's amd64 /usr/include/ck_md.h says CK_MD_TSO,
# wrong for arm64. Debian's multiarch arm64 packages (libcmocka-dev:arm64:
# /usr/include/cmocka.h, /usr/lib/aarch64-linux-gnu/libcmocka.so) are outside
# the sysroot, so name them: -DCMOCKA_INCLUDE_DIR=/usr/include
# -DCMOCKA_LIBRARY=/usr/lib/aarch64-linux-gnu/libcmocka.so (ci/cross-build.sh).
# Programs (python3, bash) are the host's.
set(CMAKE_FIND_ROOT_PATH /usr/${RACEDEMO_CROSS_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
