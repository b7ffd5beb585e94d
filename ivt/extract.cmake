# Extracts the files listed in LIST from Debian's linux-source-6.1 tarball
# into DEST, then writes STAMP.  Run once per build directory: the
# decompression of the whole 1.3 GB stream is the slow part, whatever is
# selected, so the result is kept and the stamp stands for it.
#   cmake -DTARBALL=... -DLIST=... -DDEST=... -DSTAMP=... -P extract.cmake
set(hint "install the Debian package linux-source-6.1 (scripts/setup does, or: apt-get install linux-source-6.1)")
if(NOT EXISTS "${TARBALL}")
  message(FATAL_ERROR "ivt: ${TARBALL} is missing: ${hint}")
endif()
file(STRINGS "${LIST}" files REGEX "^[^#]")
set(members "")
foreach(f ${files})
  string(APPEND members "linux-source-6.1/${f}\n")
endforeach()
file(REMOVE_RECURSE "${DEST}")
file(MAKE_DIRECTORY "${DEST}")
file(WRITE "${DEST}/.members" "${members}")
find_program(XZ xz)
# tar stops reading once every member is found (--occurrence); xz -T0
# decompresses the tarball's blocks in parallel.
if(XZ)
  execute_process(COMMAND ${XZ} -dc -T0 "${TARBALL}"
                  COMMAND tar -x --occurrence=1 --strip-components=1 -C "${DEST}" -T "${DEST}/.members"
                  RESULTS_VARIABLE results ERROR_VARIABLE tar_err)
  list(GET results 1 rc)
else()
  execute_process(COMMAND tar -xJ --occurrence=1 --strip-components=1 -f "${TARBALL}" -C "${DEST}"
                          -T "${DEST}/.members"
                  RESULT_VARIABLE rc ERROR_VARIABLE tar_err)
endif()
set(missing "")
foreach(f ${files})
  if(NOT EXISTS "${DEST}/${f}")
    list(APPEND missing ${f})
  endif()
endforeach()
if(NOT rc EQUAL 0 OR missing)
  string(REPLACE ";" " " missing "${missing}")
  message(FATAL_ERROR "ivt: cannot extract ${missing} from ${TARBALL} (tar: ${tar_err}): "
                      "the tarball is not linux-source-6.1's; ${hint}")
endif()
file(WRITE "${STAMP}" "extracted from ${TARBALL}\n")
