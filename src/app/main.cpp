// techdesk: the one binary of TechDesk. See `techdesk --help`.
#include <exception>
#include <iostream>

#include "app/cli.h"

int main(int argc, char** argv) {
  try {
    return techdesk::app::run_cli(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "techdesk: " << e.what() << "\n";
    return 1;
  }
}
