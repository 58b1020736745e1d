# apiary_add_plugin(<id> <sources>...)
#
# Builds lib<id>.so as an apiary plugin, the way every plugin must be built: C++20, hidden
# visibility, a version script that exports only apiary_plugin_entry_v1, -z defs (no undefined
# symbol left for load time), PIC. Links apiary::sdk. Set APIARY_PLUGIN_OUTPUT_DIR to collect
# the libraries in one directory.
set(_APIARY_PLUGIN_MAP "${CMAKE_CURRENT_LIST_DIR}/apiary_plugin.map")

function(apiary_add_plugin id)
  if(NOT ARGN)
    message(FATAL_ERROR "apiary_add_plugin(${id}): no sources")
  endif()
  add_library(${id} MODULE ${ARGN})
  target_link_libraries(${id} PRIVATE apiary::sdk)
  target_compile_features(${id} PRIVATE cxx_std_20)
  set_target_properties(${id} PROPERTIES
    PREFIX "lib"
    OUTPUT_NAME "${id}"
    CXX_VISIBILITY_PRESET hidden
    C_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    POSITION_INDEPENDENT_CODE ON
    LINK_DEPENDS "${_APIARY_PLUGIN_MAP}")
  target_link_options(${id} PRIVATE
    "LINKER:--version-script=${_APIARY_PLUGIN_MAP}"
    "LINKER:-z,defs"
    "LINKER:--as-needed")
  if(APIARY_PLUGIN_OUTPUT_DIR)
    set_target_properties(${id} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${APIARY_PLUGIN_OUTPUT_DIR}")
  endif()
endfunction()
