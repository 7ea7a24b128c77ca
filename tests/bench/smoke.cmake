# Generates 20 000 rows, runs both benchmark modes and the lower-bound program on small sizes, and
# checks their output.
file(MAKE_DIRECTORY ${WORK})
execute_process(COMMAND ${GEN} --rows 20000 --seed 7 --out ${WORK}/history.csv --list ${WORK}/list.txt
    RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "alc-genhistory failed: ${rc}")
endif()
execute_process(COMMAND ${BENCH} --list ${WORK}/list.txt --history ${WORK}/history.csv
    RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(NOT rc EQUAL 0 OR NOT out MATCHES "rows=20000\n" OR NOT out MATCHES "blocked=[1-9]")
    message(FATAL_ERROR "alc-bench-impact import run failed (${rc}):\n${out}")
endif()
execute_process(COMMAND ${BENCH} --reeval --ips 20000 --changes 20 RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(NOT rc EQUAL 0 OR NOT out MATCHES "distinctIps=20000\n")
    message(FATAL_ERROR "alc-bench-impact --reeval failed (${rc}):\n${out}")
endif()
execute_process(COMMAND ${FLOOR} --history ${WORK}/history.csv RESULT_VARIABLE rc OUTPUT_VARIABLE out)
file(SHA256 ${WORK}/history.csv digest)
if(NOT rc EQUAL 0 OR NOT out MATCHES "lines=20000\n" OR NOT out MATCHES "sha256=${digest}\n"
   OR NOT out MATCHES "\nfloorSeconds=[0-9]" OR NOT out MATCHES "mappedFloorSeconds=[0-9]")
    message(FATAL_ERROR "alc-bench-floor failed (${rc}):\n${out}")
endif()
