-- The department's category tree: software / hardware / network / other and their children.
INSERT INTO categories (id, parent_id, name, name_en, path) VALUES
  (1, NULL, '软件', 'Software', '软件'),
  (2, NULL, '硬件', 'Hardware', '硬件'),
  (3, NULL, '网络', 'Network', '网络'),
  (4, NULL, '其他', 'Other', '其他'),
  (11, 1, '操作系统', 'Operating system', '软件/操作系统'),
  (12, 1, '办公软件', 'Office software', '软件/办公软件'),
  (13, 1, '业务系统', 'Business systems', '软件/业务系统'),
  (14, 1, '邮件', 'Email', '软件/邮件'),
  (21, 2, '台式机/笔记本', 'Desktops and laptops', '硬件/台式机/笔记本'),
  (22, 2, '打印机', 'Printers', '硬件/打印机'),
  (23, 2, '服务器', 'Servers', '硬件/服务器'),
  (24, 2, '外设', 'Peripherals', '硬件/外设'),
  (31, 3, '有线网络', 'Wired network', '网络/有线网络'),
  (32, 3, '无线网络', 'Wireless network', '网络/无线网络'),
  (33, 3, 'VPN', 'VPN', '网络/VPN'),
  (34, 3, '防火墙', 'Firewall', '网络/防火墙'),
  (41, 4, '账号权限', 'Accounts and access', '其他/账号权限'),
  (42, 4, '咨询', 'Questions', '其他/咨询'),
  (43, 4, '其他', 'Other', '其他/其他');
-- Ids above were given explicitly; let the identity continue after them.
SELECT setval(pg_get_serial_sequence('categories', 'id'), 1000);
