{#- Membership on a day (docs/metrics.md section 10): enrolled on or before it and not
    cancelled by it (cancelled_date null or after the day). -#}
{% macro is_member_on(members_relation, day) -%}
    ({{ members_relation }}.enrolled_date <= {{ day }}
    and ({{ members_relation }}.cancelled_date is null or {{ members_relation }}.cancelled_date > {{ day }}))
{%- endmacro %}
