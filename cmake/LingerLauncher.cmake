# LingerLauncher.cmake — run linger's checker on every C compile through the
# compiler launcher linger-cc.  Findings show in the build log as warnings;
# objects are byte-identical to a build without it.
#
#   include(LingerLauncher)        # or find_package(linger) which includes it
#   linger_enable_target(mytarget) # one target
#   linger_enable_all()            # every C target defined after this call
#
# Set LINGER_WERROR=1 in the environment to make findings fail the build.

find_program(LINGER_CC_EXECUTABLE linger-cc
  HINTS "${CMAKE_CURRENT_LIST_DIR}/../../../bin" ENV PATH)

function(_linger_require)
  if(NOT LINGER_CC_EXECUTABLE)
    message(FATAL_ERROR "linger-cc not found: install linger or set LINGER_CC_EXECUTABLE")
  endif()
endfunction()

function(linger_enable_target target)
  _linger_require()
  set_property(TARGET ${target} PROPERTY C_COMPILER_LAUNCHER "${LINGER_CC_EXECUTABLE}")
endfunction()

macro(linger_enable_all)
  _linger_require()
  set(CMAKE_C_COMPILER_LAUNCHER "${LINGER_CC_EXECUTABLE}")
endmacro()

# The clang plugin (docs/plugin.md): clang checks inside the compile itself.
#   linger_enable_plugin(mytarget)   # clang of the plugin's LLVM version: -fplugin;
#                                    # any other compiler: linger-cc, as above
# LINGER_PLUGIN (the .so) and LINGER_PLUGIN_LLVM_MAJOR come with an installed
# linger; set them yourself to use a plugin from a build tree.
find_file(LINGER_PLUGIN liblinger-plugin.so
  HINTS "${CMAKE_CURRENT_LIST_DIR}/../../linger" NO_DEFAULT_PATH)
include("${CMAKE_CURRENT_LIST_DIR}/LingerPluginInfo.cmake" OPTIONAL)

function(linger_enable_plugin target)
  string(REGEX MATCH "^[0-9]+" major "${CMAKE_C_COMPILER_VERSION}")
  if(LINGER_PLUGIN AND CMAKE_C_COMPILER_ID STREQUAL "Clang"
     AND major STREQUAL "${LINGER_PLUGIN_LLVM_MAJOR}")
    target_compile_options(${target} PRIVATE "$<$<COMPILE_LANGUAGE:C>:-fplugin=${LINGER_PLUGIN}>")
  else()
    message(STATUS "linger: ${target}: no clang plugin for this compiler, checking through linger-cc")
    linger_enable_target(${target})
  endif()
endfunction()
