from newsgen.cli.app import main

main()
