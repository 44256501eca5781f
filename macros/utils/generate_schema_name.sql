{#- Layer schemas get their plain names (staging, intermediate, marts, config)
    so BI tools read `marts.retention_by_period` whatever the target schema. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
