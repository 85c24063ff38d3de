#include "report/types.h"
