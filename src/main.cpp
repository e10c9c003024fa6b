// main.cpp — argv -> options -> run script / -c / -s / interactive -> exit status.
int main() { return 0; }
