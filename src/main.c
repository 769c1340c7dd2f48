#include <stdio.h>
int main(void) { puts("satchel skeleton"); return 0; }
