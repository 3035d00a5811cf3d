#include <stdio.h>
void hello(int x) { printf("hello from C, %d\n", x); }
