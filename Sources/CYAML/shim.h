// The system libyaml (Debian libyaml-dev, 0.2.5 on Debian 12 and Raspberry Pi OS bookworm).
#include <yaml.h>
