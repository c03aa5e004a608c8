/* broken.c -- does not compile, on purpose (selftest/badbuild). */
int main(void) { return this_is_not_declared; }
