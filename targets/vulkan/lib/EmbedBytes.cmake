# cmake -DIN=file -DOUT=file.inc -P EmbedBytes.cmake: IN's bytes as a C
# initializer list ("0x42, 0x43, ..."), to #include inside an array's braces.
file(READ ${IN} HEX HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," BYTES "${HEX}")
# Sixteen bytes a line.
string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){16})" "\\1\n" BYTES "${BYTES}")
file(WRITE ${OUT} "// Generated from ${IN} by EmbedBytes.cmake; do not edit.\n${BYTES}\n")
