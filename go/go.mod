module iscvm

go 1.19
