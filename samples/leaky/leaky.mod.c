#include "linux/vermagic.h"
static const char __modinfo_name[] __attribute__((section(".modinfo"), used, aligned(1))) = "name=leaky";
static const char __modinfo_vermagic[] __attribute__((section(".modinfo"), used, aligned(1))) = "vermagic=" VERMAGIC_STRING;
