extern "C" void hello(int);
int main() { hello(42); }
