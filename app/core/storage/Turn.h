// Turn: one earlier question and its answer, as the store reads them back for the context.
#pragma once

#include <QString>

struct Turn
{
    QString question;
    QString answer;
    QString speaker; // who asked (a group sharing one context names them to the model)
};
