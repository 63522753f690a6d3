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
