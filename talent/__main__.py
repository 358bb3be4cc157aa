from talent.cli import main

main()
