// The command line of the techdesk binary.
#pragma once

namespace techdesk::app {

int run_cli(int argc, char** argv);

}  // namespace techdesk::app
