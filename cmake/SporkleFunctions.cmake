# sporkle_add_executable: build a SYCL program with sporkle-cc from any CMake
# project, whatever its C++ compiler. Part of the Sporkle package
# (SporkleConfig.cmake includes this file and sets SPORKLE_CXX_COMPILER).
#
#   sporkle_add_executable(<name>
#     SOURCES <src>...                 C++ (SYCL) and C sources, or objects
#     [OUTPUT_NAME <file>]             default: <name>
#     [OUTPUT_DIRECTORY <dir>]         default: CMAKE_RUNTIME_OUTPUT_DIRECTORY,
#                                      else <current binary dir>/bin (a file
#                                      named like its target would clash with
#                                      the target in Ninja's namespace)
#     [INCLUDE_DIRECTORIES <dir>...]
#     [COMPILE_DEFINITIONS <def>...]   NAME or NAME=VALUE
#     [COMPILE_OPTIONS <opt>...]       passed to every compile (and the link)
#     [LINK_OPTIONS <opt>...]          -l, -L, -Wl,... for the link
#     [DEVICE_TARGETS <target>...]     --sporkle-targets (default: cpu)
#     [DEPENDS <file-or-target>...])
#
# The program is built by custom commands: one sporkle-cc -c per source (with
# a depfile, so header changes rebuild it) and one sporkle-cc link. <name> is
# a custom target building it; the executable's path is in the target
# property SPORKLE_EXECUTABLE and in the variable <name>_EXECUTABLE, e.g.
#   add_test(NAME app COMMAND $<TARGET_PROPERTY:app,SPORKLE_EXECUTABLE>)
# Per-configuration flags: Debug -O0 -g, RelWithDebInfo -O2 -g, MinSizeRel
# -Os, anything else -O2 (sporkle compiles device code at -O2 unless told).
include_guard(GLOBAL)

function(sporkle_add_executable name)
  cmake_parse_arguments(PARSE_ARGV 1 SP ""
    "OUTPUT_NAME;OUTPUT_DIRECTORY"
    "SOURCES;INCLUDE_DIRECTORIES;COMPILE_DEFINITIONS;COMPILE_OPTIONS;LINK_OPTIONS;DEVICE_TARGETS;DEPENDS")
  if(SP_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "sporkle_add_executable(${name}): unknown arguments: ${SP_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT SP_SOURCES)
    message(FATAL_ERROR "sporkle_add_executable(${name}): no SOURCES given")
  endif()
  if(NOT SPORKLE_CXX_COMPILER)
    message(FATAL_ERROR "sporkle_add_executable(${name}): SPORKLE_CXX_COMPILER is not set; use find_package(Sporkle)")
  endif()
  if(NOT SP_OUTPUT_NAME)
    set(SP_OUTPUT_NAME ${name})
  endif()
  if(NOT SP_OUTPUT_DIRECTORY)
    if(CMAKE_RUNTIME_OUTPUT_DIRECTORY)
      set(SP_OUTPUT_DIRECTORY "${CMAKE_RUNTIME_OUTPUT_DIRECTORY}")
    else()
      set(SP_OUTPUT_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}/bin")
    endif()
  endif()

  set(flags
    "$<$<CONFIG:Debug>:-O0$<SEMICOLON>-g>"
    "$<$<CONFIG:RelWithDebInfo>:-O2$<SEMICOLON>-g>"
    "$<$<CONFIG:MinSizeRel>:-Os>"
    "$<$<NOT:$<CONFIG:Debug,RelWithDebInfo,MinSizeRel>>:-O2>")
  foreach(dir IN LISTS SP_INCLUDE_DIRECTORIES)
    get_filename_component(dir "${dir}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    list(APPEND flags "-I${dir}")
  endforeach()
  foreach(def IN LISTS SP_COMPILE_DEFINITIONS)
    list(APPEND flags "-D${def}")
  endforeach()
  list(APPEND flags ${SP_COMPILE_OPTIONS})
  if(SP_DEVICE_TARGETS)
    list(JOIN SP_DEVICE_TARGETS "," targets)
    list(APPEND flags "--sporkle-targets=${targets}")
  endif()

  set(object_dir "${CMAKE_CURRENT_BINARY_DIR}/CMakeFiles/${name}.sporkle")
  set(objects "")
  foreach(src IN LISTS SP_SOURCES)
    get_filename_component(src "${src}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    get_filename_component(ext "${src}" LAST_EXT)
    if(ext STREQUAL ".o" OR ext STREQUAL ".a")
      list(APPEND objects "${src}")
      continue()
    endif()
    # Objects mirror the source path so equal file names cannot collide.
    file(RELATIVE_PATH rel "${CMAKE_CURRENT_SOURCE_DIR}" "${src}")
    string(REPLACE "../" "__/" rel "${rel}")
    set(obj "${object_dir}/${rel}.o")
    get_filename_component(obj_dir "${obj}" DIRECTORY)
    file(RELATIVE_PATH obj_display "${CMAKE_BINARY_DIR}" "${obj}")
    add_custom_command(
      OUTPUT "${obj}"
      COMMAND "${CMAKE_COMMAND}" -E make_directory "${obj_dir}"
      COMMAND "${SPORKLE_CXX_COMPILER}" ${flags} -MD -MT "${obj}" -MF "${obj}.d" -c "${src}" -o "${obj}"
      DEPENDS "${src}" "${SPORKLE_CXX_COMPILER}" ${SP_DEPENDS}
      DEPFILE "${obj}.d"
      COMMENT "Building SYCL object ${obj_display}"
      COMMAND_EXPAND_LISTS
      VERBATIM)
    list(APPEND objects "${obj}")
  endforeach()

  get_filename_component(SP_OUTPUT_DIRECTORY "${SP_OUTPUT_DIRECTORY}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  set(exe "${SP_OUTPUT_DIRECTORY}/${SP_OUTPUT_NAME}")
  add_custom_command(
    OUTPUT "${exe}"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${SP_OUTPUT_DIRECTORY}"
    COMMAND "${SPORKLE_CXX_COMPILER}" ${flags} ${objects} ${SP_LINK_OPTIONS} -o "${exe}"
    DEPENDS ${objects} "${SPORKLE_CXX_COMPILER}"
    COMMENT "Linking SYCL executable ${SP_OUTPUT_NAME}"
    COMMAND_EXPAND_LISTS
    VERBATIM)
  add_custom_target(${name} ALL DEPENDS "${exe}")
  set_target_properties(${name} PROPERTIES SPORKLE_EXECUTABLE "${exe}")
  set(${name}_EXECUTABLE "${exe}" PARENT_SCOPE)
endfunction()
