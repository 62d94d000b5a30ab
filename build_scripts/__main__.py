import gc
import sys

from .cli import main

# A one-shot process that builds a heap of long-lived objects and exits: the
# cyclic collector would only walk it again and again (the build pauses it
# too; off here, it is not switched on again just before the process ends).
gc.disable()
sys.exit(main())
