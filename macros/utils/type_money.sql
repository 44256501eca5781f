{#- Why two: a staged money value is decimal(18, 2) (docs/metrics.md section
    2: a value that rounds to 10^16 or more is rejected), while a total over
    millions of values needs the headroom of decimal(38, 2). Mart YAML
    data_types spell the total's type out (YAML cannot call a macro). -#}
{% macro type_money() -%}
    decimal(18, 2)
{%- endmacro %}

{% macro type_money_total() -%}
    decimal(38, 2)
{%- endmacro %}
