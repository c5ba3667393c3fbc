import sys

from vanban.app.cli import main

sys.exit(main())
