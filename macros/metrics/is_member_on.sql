{% macro is_member_on(members_relation, day) -%}
    ({{ members_relation }}.enrolled_date <= {{ day }}
    and ({{ members_relation }}.cancelled_date is null or {{ members_relation }}.cancelled_date > {{ day }}))
{%- endmacro %}
