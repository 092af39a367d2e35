from kaffefoerst.cli import main

raise SystemExit(main())
