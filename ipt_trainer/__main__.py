"""Allow ``python -m ipt_trainer``."""

from ipt_trainer.cli.main import main

raise SystemExit(main())
