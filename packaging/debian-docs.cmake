# The two files Debian wants in usr/share/doc/racedemo/, written from the
# project's own: `changelog` (Debian's changelog format, which dpkg and
# lintian parse; gzipped by the caller) from CHANGELOG.md, and `copyright`
# (the machine-readable format 1.0) from LICENSE. A CMake script, so that
# building needs nothing more than CMake.
#
#   cmake -DSOURCE_DIR=... -DOUT_DIR=... -DVERSION=... -DMAINTAINER=... -P debian-docs.cmake
#
# CHANGELOG.md's entries are "## VERSION - YYYY-MM-DD" headings, each with
# "- " items (continued on lines indented by two spaces); the newest entry
# must be VERSION, the project's, or the package would say one version and
# its changelog another.
cmake_minimum_required(VERSION 3.16)

foreach(var SOURCE_DIR OUT_DIR VERSION MAINTAINER)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "debian-docs.cmake: -D${var}=... is required")
  endif()
endforeach()

# A file's lines as a CMake list. The characters a list treats specially
# (; [ ]) travel as control characters and are put back on output.
string(ASCII 1 semicolon_mark)
string(ASCII 2 open_mark)
string(ASCII 3 close_mark)
function(read_lines path out)
  file(READ "${path}" text)
  string(REPLACE ";" "${semicolon_mark}" text "${text}")
  string(REPLACE "[" "${open_mark}" text "${text}")
  string(REPLACE "]" "${close_mark}" text "${text}")
  string(REGEX REPLACE "\n$" "" text "${text}")
  string(REPLACE "\n" ";" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()
function(restore_marks var)
  string(REPLACE "${semicolon_mark}" ";" text "${${var}}")
  string(REPLACE "${open_mark}" "[" text "${text}")
  string(REPLACE "${close_mark}" "]" text "${text}")
  set(${var} "${text}" PARENT_SCOPE)
endfunction()

# "Tue, 01 Dec 2026 00:00:00 +0000" for 2026-12-01: the date of the entry
# (CHANGELOG.md gives no time of day), its weekday by Sakamoto's method.
function(rfc2822_date year month day out)
  set(offsets 0 3 2 5 0 3 5 1 4 6 2 4)
  math(EXPR m "${month} - 1")
  list(GET offsets ${m} offset)
  math(EXPR d "${day}")
  set(y ${year})
  if(month LESS 3)
    math(EXPR y "${year} - 1")
  endif()
  math(EXPR weekday "(${y} + ${y} / 4 - ${y} / 100 + ${y} / 400 + ${offset} + ${d}) % 7")
  set(days Sun Mon Tue Wed Thu Fri Sat)
  set(months Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec)
  list(GET days ${weekday} dayname)
  list(GET months ${m} monthname)
  set(${out} "${dayname}, ${day} ${monthname} ${year} 00:00:00 +0000" PARENT_SCOPE)
endfunction()

set(changelog_md "${SOURCE_DIR}/CHANGELOG.md")
read_lines("${changelog_md}" lines)
set(out "")
set(entry_trailer "")
set(first_version "")
set(items 0)
set(number 0)
foreach(line IN LISTS lines)
  math(EXPR number "${number} + 1")
  set(where "CHANGELOG.md:${number}")
  if(line MATCHES "^## ")
    if(NOT line MATCHES "^## ([0-9][0-9A-Za-z.+~]*) - ([0-9][0-9][0-9][0-9])-([0-9][0-9])-([0-9][0-9])$")
      message(FATAL_ERROR "${where}: a version heading is \"## VERSION - YYYY-MM-DD\"")
    endif()
    set(version ${CMAKE_MATCH_1})
    rfc2822_date(${CMAKE_MATCH_2} ${CMAKE_MATCH_3} ${CMAKE_MATCH_4} date)
    if(first_version STREQUAL "")
      set(first_version ${version})
    elseif(items EQUAL 0)
      message(FATAL_ERROR "${where}: the entry before this one has no \"- \" items")
    else()
      string(APPEND out "\n${entry_trailer}\n\n")
    endif()
    string(APPEND out "racedemo (${version}) unstable; urgency=medium\n\n")
    set(entry_trailer " -- ${MAINTAINER}  ${date}")
    set(items 0)
  elseif(first_version STREQUAL "" OR line STREQUAL "")
    # The file's introduction, and the blank lines between parts.
  elseif(line MATCHES "^- (.*)$")
    string(APPEND out "  * ${CMAKE_MATCH_1}\n")
    math(EXPR items "${items} + 1")
  elseif(line MATCHES "^  ([^ ].*)$" AND items GREATER 0)
    string(APPEND out "    ${CMAKE_MATCH_1}\n")
  else()
    message(FATAL_ERROR "${where}: an entry holds \"- \" items, continued on lines indented by two spaces")
  endif()
  string(LENGTH "${line}" length)
  if(length GREATER 78)
    message(FATAL_ERROR "${where}: over 78 characters (Debian's changelog lines stay within 80)")
  endif()
endforeach()
if(first_version STREQUAL "")
  message(FATAL_ERROR "${changelog_md}: no \"## VERSION - YYYY-MM-DD\" entry")
endif()
if(items EQUAL 0)
  message(FATAL_ERROR "${changelog_md}: the last entry has no \"- \" items")
endif()
if(NOT first_version STREQUAL VERSION)
  message(FATAL_ERROR "${changelog_md}: the newest entry is ${first_version}, the project's version "
                      "(CMakeLists.txt) is ${VERSION}: add a \"## ${VERSION} - YYYY-MM-DD\" entry")
endif()
string(APPEND out "\n${entry_trailer}\n")
restore_marks(out)
file(WRITE "${OUT_DIR}/changelog" "${out}")

# The copyright file: LICENSE's copyright line and its text, as the
# machine-readable format's one Files paragraph (Debian calls the MIT
# license Expat).
read_lines("${SOURCE_DIR}/LICENSE" lines)
set(holder "")
set(body "")
set(in_body FALSE)
foreach(line IN LISTS lines)
  if(holder STREQUAL "" AND line MATCHES "^Copyright \\(c\\) (.+)$")
    set(holder "${CMAKE_MATCH_1}")
  elseif(NOT holder STREQUAL "" AND NOT line STREQUAL "")
    set(in_body TRUE)
    string(APPEND body " ${line}\n")
  elseif(in_body)
    string(APPEND body " .\n")
  endif()
endforeach()
string(REGEX REPLACE "( \\.\n)+$" "" body "${body}")
if(holder STREQUAL "" OR body STREQUAL "")
  message(FATAL_ERROR "LICENSE: no \"Copyright (c) ...\" line followed by the license text")
endif()
set(copyright "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: racedemo
Comment: The MIT License, as in the LICENSE file of racedemo's source.

Files: *
Copyright: ${holder}
License: Expat
${body}")
restore_marks(copyright)
file(WRITE "${OUT_DIR}/copyright" "${copyright}")
