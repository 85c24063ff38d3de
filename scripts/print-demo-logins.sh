#!/usr/bin/env bash
# Printed by `make run` before the server starts.
cat <<'TXT'

  TechDesk 技术支持服务台 — http://127.0.0.1:8080

  Demo logins (password for all: Demo#2026)
    admin           administrator        管理员
    manager.zhou    manager              服务经理
    lead.li         team lead, 一线服务台  一线组长
    agent.wang      agent L1, 一线服务台   一线工程师
    agent.zhao      agent L2, 二线系统组   二线工程师
    field.chen      field engineer       现场工程师
    complaint.liu   complaint officer    投诉专员
    user.sun        requester, 财务部     内部员工
    cust.huang      requester, 华信科技    外部客户
    cust.manager    org manager, 华信科技  客户负责人

TXT
